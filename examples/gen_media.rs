//! Writes synthetic test images (no download): `gen_media DIR N WIDTH HEIGHT`
//! writes `photo-01.jpg`…, plus `logo.png` and `frise.svg`, into DIR. Used
//! by benches/media.sh and to look at pages with photos by hand.

use image::{ImageBuffer, Rgb, Rgba};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let dir = std::path::PathBuf::from(args.get(1).map_or("media-test", String::as_str));
    let n: u32 = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(1);
    let w: u32 = args.get(3).and_then(|s| s.parse().ok()).unwrap_or(2400);
    let h: u32 = args.get(4).and_then(|s| s.parse().ok()).unwrap_or(1600);
    std::fs::create_dir_all(&dir).unwrap();
    for k in 1..=n {
        let img = ImageBuffer::from_fn(w, h, |x, y| {
            // A sky, a "building" and some texture, different for each k.
            let fx = x as f32 / w as f32;
            let fy = y as f32 / h as f32;
            let noise =
                ((x.wrapping_mul(7919) ^ y.wrapping_mul(104_729) ^ k.wrapping_mul(31)) % 23) as f32;
            if fy < 0.45 + 0.1 * (fx * 6.0 + k as f32).sin() {
                Rgb([
                    (90.0 + 60.0 * fy + noise) as u8,
                    (150.0 + 50.0 * fy) as u8,
                    (230.0 - noise) as u8,
                ])
            } else if (0.2..0.75).contains(&fx) {
                let win = (x / 40 + y / 40) % 3 == 0;
                if win {
                    Rgb([40, 50, 70])
                } else {
                    Rgb([(180.0 + noise) as u8, (120.0 + noise) as u8, 90])
                }
            } else {
                Rgb([(60.0 + noise * 2.0) as u8, (120.0 + noise) as u8, 50])
            }
        });
        img.save(dir.join(format!("photo-{k:02}.jpg"))).unwrap();
    }
    let logo: ImageBuffer<Rgba<u8>, Vec<u8>> = ImageBuffer::from_fn(600, 300, |x, y| {
        let inside = ((x as i32 - 150).pow(2) + (y as i32 - 150).pow(2)) < 110 * 110;
        if inside {
            Rgba([0, 0, 145, 255])
        } else if x > 300 && (y / 30) % 2 == 0 {
            Rgba([225, 0, 15, 255])
        } else {
            Rgba([0, 0, 0, 0])
        }
    });
    logo.save(dir.join("logo.png")).unwrap();
    std::fs::write(
        dir.join("frise.svg"),
        r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 800 40" width="800" height="40"><rect width="800" height="40" fill="#e3e3fd"/><path d="M0 20 Q 100 0 200 20 T 400 20 T 600 20 T 800 20" stroke="#000091" fill="none" stroke-width="3"/></svg>"##,
    )
    .unwrap();
}
