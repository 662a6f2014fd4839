//! The five départements of the Hauts-de-France.

use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum Departement {
    Aisne,
    Nord,
    Oise,
    PasDeCalais,
    Somme,
}

impl Departement {
    pub(crate) const ALL: [Departement; 5] = [
        Departement::Aisne,
        Departement::Nord,
        Departement::Oise,
        Departement::PasDeCalais,
        Departement::Somme,
    ];

    pub(crate) fn code(self) -> &'static str {
        match self {
            Departement::Aisne => "02",
            Departement::Nord => "59",
            Departement::Oise => "60",
            Departement::PasDeCalais => "62",
            Departement::Somme => "80",
        }
    }

    pub(crate) fn name(self) -> &'static str {
        match self {
            Departement::Aisne => "Aisne",
            Departement::Nord => "Nord",
            Departement::Oise => "Oise",
            Departement::PasDeCalais => "Pas-de-Calais",
            Departement::Somme => "Somme",
        }
    }

    pub(crate) fn from_code(code: &str) -> Option<Self> {
        let code = code.trim();
        let code = if code.len() == 1 {
            format!("0{code}")
        } else {
            code.to_string()
        };
        Self::ALL
            .into_iter()
            .find(|d| d.code() == code || d.name().eq_ignore_ascii_case(&code))
    }
}

impl Serialize for Departement {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.code())
    }
}

struct DepartementVisitor;

const EXPECTED: &str =
    "a département code of the Hauts-de-France: \"02\", \"59\", \"60\", \"62\" or \"80\"";

impl Visitor<'_> for DepartementVisitor {
    type Value = Departement;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(EXPECTED)
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Departement, E> {
        Departement::from_code(v)
            .ok_or_else(|| E::custom(format!("unknown département `{v}`, expected {EXPECTED}")))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Departement, E> {
        self.visit_str(&v.to_string())
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Departement, E> {
        self.visit_str(&v.to_string())
    }
}

impl<'de> Deserialize<'de> for Departement {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(DepartementVisitor)
    }
}
