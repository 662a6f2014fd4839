//! panorama: the static site generator of the collection « Les panoramas
//! régionaux de l'inclusion dans l'emploi ».
//!
//! The pipeline reads like the design: [`load`] → [`resolve`] → [`render`]
//! → [`write`], each stage returning a new typed value; [`build`] runs it.

pub mod build;
pub mod diagnostic;
pub mod linkcheck;
pub mod load;
pub mod model;
pub mod pdf;
pub mod render;
pub mod resolve;
pub mod search;
pub mod serve;
pub mod slug;
pub mod write;
