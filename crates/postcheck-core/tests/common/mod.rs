//! Helpers shared by the core's integration tests (and, by path, the fuzz targets).

#![allow(dead_code)]

pub mod every_kind;
