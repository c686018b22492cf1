//! Private supertraits that seal the public traits whose answers unsafe code trusts.
//!
//! A user may name and use [`Shape`](crate::Shape), [`Dim`](crate::Dim),
//! [`ReshapeArg`](crate::ReshapeArg), [`ReshapeDim`](crate::ReshapeDim),
//! [`IndexInt`](crate::IndexInt), [`ArangeElem`](crate::ArangeElem) and
//! [`IntoAxis`](crate::IntoAxis), but not implement
//! them: each has a supertrait from this module, which is not reachable from outside the
//! crate. The layout code reads a shape type's static sizes, a reshape argument's resolved
//! shape, an index's value and the elements `arange` writes without checking them again, so a
//! user implementation that lied (a `STATIC` size other than the real one, a shape of another
//! size, an index that changes between two calls, an axis out of bounds, an `arange_fill` that skips elements) could
//! make it read or write out of bounds. Sealed, the only implementations are the ones below
//! their traits, which keep those promises.

/// Seals [`crate::Dim`].
pub trait Dim {}
/// Seals [`crate::Shape`].
pub trait Shape {}
/// Seals [`crate::ReshapeArg`].
pub trait ReshapeArg {}
/// Seals [`crate::ReshapeDim`].
pub trait ReshapeDim {}
/// Seals [`crate::IndexInt`].
pub trait IndexInt {}
/// Seals [`crate::ArangeElem`].
pub trait ArangeElem {}
/// Seals [`crate::IntoAxis`].
pub trait IntoAxis {}
/// Seals [`crate::ops::IntScalar`], which nothing implements.
pub trait IntScalar {}
