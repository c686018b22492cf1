//! The tour's figures: the notebook's `plt.plot`, `plt.scatter` and `plt.imshow`, drawn into
//! PNGs under `target/tour/` with `plotters`' bitmap backend. Text is drawn with the DejaVu Sans
//! font committed next to this file, so a machine without system fonts renders it too.

use einarray::prelude::*;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::colors::colormaps::ViridisRGB;
use std::path::PathBuf;

type Result<T = ()> = std::result::Result<T, Box<dyn std::error::Error>>;

const FONT: &str = "sans-serif";

/// Where the figures go: `target/tour/` of this workspace (created on first use). The font is
/// registered with `plotters` here, once.
fn out_path(name: &str) -> Result<PathBuf> {
    static FONT_BYTES: &[u8] = include_bytes!("DejaVuSans.ttf");
    static REGISTER: std::sync::Once = std::sync::Once::new();
    REGISTER.call_once(|| {
        plotters::style::register_font(FONT, FontStyle::Normal, FONT_BYTES)
            .unwrap_or_else(|_| panic!("the committed DejaVuSans.ttf is not a valid font"));
    });
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/tour");
    std::fs::create_dir_all(&dir)?;
    Ok(dir.join(name))
}

/// How one series is drawn.
#[derive(Clone, Copy)]
pub enum Mark {
    /// A solid line.
    Line,
    /// A dashed line (`ls='--'` / `ls=':'`).
    Dashed,
    /// Dots (`plt.scatter(..., marker='.')`).
    Dots,
}

/// One series of a line/scatter chart.
pub struct Series<'a> {
    pub label: &'a str,
    pub xs: Vec<f64>,
    pub ys: Vec<f64>,
    pub color: RGBColor,
    pub mark: Mark,
}

impl<'a> Series<'a> {
    /// A series from two 1-D arrays (views or owned).
    pub fn new(
        label: &'a str,
        xs: &impl AsView<f64, 1>,
        ys: &impl AsView<f64, 1>,
        color: RGBColor,
        mark: Mark,
    ) -> Self {
        Series {
            label,
            xs: xs.as_view().to_vec(),
            ys: ys.as_view().to_vec(),
            color,
            mark,
        }
    }
}

fn bounds(values: impl Iterator<Item = f64>) -> (f64, f64) {
    let (lo, hi) = values.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
        (lo.min(v), hi.max(v))
    });
    let pad = ((hi - lo) * 0.05).max(1e-9);
    (lo - pad, hi + pad)
}

/// The corner of the plot with the fewest points where the legend would go (a box of about
/// its size: a fifth of the width, a quarter of the height).
fn emptiest_corner(
    series: &[Series<'_>],
    (x0, x1): (f64, f64),
    (y0, y1): (f64, f64),
) -> SeriesLabelPosition {
    let (xm, ym) = (x0 + 0.8 * (x1 - x0), y0 + 0.75 * (y1 - y0));
    let (xl, yl) = (x0 + 0.2 * (x1 - x0), y0 + 0.25 * (y1 - y0));
    let count = |inside: &dyn Fn(f64, f64) -> bool| {
        series
            .iter()
            .flat_map(|s| s.xs.iter().zip(&s.ys))
            .filter(|(&x, &y)| inside(x, y))
            .count()
    };
    [
        (
            SeriesLabelPosition::UpperRight,
            count(&|x, y| x > xm && y > ym),
        ),
        (
            SeriesLabelPosition::UpperLeft,
            count(&|x, y| x < xl && y > ym),
        ),
        (
            SeriesLabelPosition::LowerRight,
            count(&|x, y| x > xm && y < yl),
        ),
        (
            SeriesLabelPosition::LowerLeft,
            count(&|x, y| x < xl && y < yl),
        ),
    ]
    .into_iter()
    .min_by_key(|&(_, n)| n)
    .map_or(SeriesLabelPosition::UpperRight, |(p, _)| p)
}

/// A line/scatter chart of `series` with a legend (when any series has a label); returns the
/// PNG's path.
pub fn chart(name: &str, title: &str, series: &[Series<'_>]) -> Result<PathBuf> {
    let path = out_path(name)?;
    draw_chart(&path, title, series)?;
    Ok(path)
}

fn draw_chart(path: &std::path::Path, title: &str, series: &[Series<'_>]) -> Result {
    let root = BitMapBackend::new(path, (800, 500)).into_drawing_area();
    root.fill(&WHITE)?;
    let (x0, x1) = bounds(series.iter().flat_map(|s| s.xs.iter().copied()));
    let (y0, y1) = bounds(series.iter().flat_map(|s| s.ys.iter().copied()));
    let mut c = ChartBuilder::on(&root)
        .caption(title, (FONT, 22))
        .margin(12)
        .x_label_area_size(30)
        .y_label_area_size(55)
        .build_cartesian_2d(x0..x1, y0..y1)?;
    c.configure_mesh().label_style((FONT, 14)).draw()?;
    for s in series {
        let pts = s.xs.iter().copied().zip(s.ys.iter().copied());
        let color = s.color;
        let drawn = match s.mark {
            Mark::Line => c.draw_series(LineSeries::new(pts, color.stroke_width(2)))?,
            Mark::Dashed => {
                c.draw_series(DashedLineSeries::new(pts, 6, 4, color.stroke_width(2)))?
            }
            Mark::Dots => c.draw_series(pts.map(|p| Circle::new(p, 3, color.filled())))?,
        };
        if !s.label.is_empty() {
            drawn.label(s.label).legend(move |(x, y)| {
                PathElement::new(vec![(x, y), (x + 20, y)], color.stroke_width(3))
            });
        }
    }
    if series.iter().any(|s| !s.label.is_empty()) {
        c.configure_series_labels()
            .label_font((FONT, 15))
            .background_style(WHITE.mix(0.85))
            .border_style(BLACK)
            .position(emptiest_corner(series, (x0, x1), (y0, y1)))
            .draw()?;
    }
    root.present()?;
    Ok(())
}

/// `plt.imshow(z)` into one drawing area: row 0 at the top, viridis colours from `vmin` to
/// `vmax`, axes spanning `extent` (`(x0, x1, y0, y1)`; `None` for pixel indices).
fn image_on(
    area: &DrawingArea<BitMapBackend<'_>, Shift>,
    title: &str,
    z: View<'_, f64, 2>,
    (vmin, vmax): (f64, f64),
    extent: Option<(f64, f64, f64, f64)>,
) -> Result {
    let [rows, cols] = z.shape();
    let (x0, x1, y0, y1) = extent.unwrap_or((0.0, cols as f64, rows as f64, 0.0));
    let mut c = ChartBuilder::on(area)
        .caption(title, (FONT, 20))
        .margin(8)
        .x_label_area_size(if extent.is_some() { 25 } else { 0 })
        .y_label_area_size(if extent.is_some() { 35 } else { 0 })
        .build_cartesian_2d(x0..x1, y0..y1)?;
    if extent.is_some() {
        c.configure_mesh()
            .disable_mesh()
            .label_style((FONT, 13))
            .draw()?;
    }
    // imshow puts row 0 at the top: row i spans from y1 + i·step down to y1 + (i + 1)·step,
    // where step = (y0 − y1) / rows (the y axis runs from y0 at the bottom to y1 at the top).
    let dx = (x1 - x0) / cols as f64;
    let step = (y0 - y1) / rows as f64;
    let top = move |i: usize| y1 + i as f64 * step;
    let bottom = move |i: usize| y1 + (i + 1) as f64 * step;
    c.draw_series((0..rows).flat_map(|i| {
        (0..cols).map(move |j| {
            let color = ViridisRGB::get_color_normalized(z[[i, j]], vmin, vmax);
            Rectangle::new(
                [
                    (x0 + j as f64 * dx, top(i)),
                    (x0 + (j + 1) as f64 * dx, bottom(i)),
                ],
                color.filled(),
            )
        })
    }))?;
    Ok(())
}

/// A vertical colour bar from `vmin` to `vmax` (matplotlib's `colorbar`).
fn colorbar(area: &DrawingArea<BitMapBackend<'_>, Shift>, (vmin, vmax): (f64, f64)) -> Result {
    let mut c = ChartBuilder::on(area)
        .margin_top(40)
        .margin_bottom(40)
        .margin_left(10)
        .margin_right(10)
        .y_label_area_size(50)
        .build_cartesian_2d(0.0..1.0, vmin..vmax)?;
    c.configure_mesh()
        .disable_mesh()
        .disable_x_axis()
        .label_style((FONT, 13))
        .draw()?;
    let steps = 100;
    let h = (vmax - vmin) / steps as f64;
    c.draw_series((0..steps).map(|k| {
        let v = vmin + (k as f64 + 0.5) * h;
        Rectangle::new(
            [(0.0, vmin + k as f64 * h), (1.0, vmin + (k + 1) as f64 * h)],
            ViridisRGB::get_color_normalized(v, vmin, vmax).filled(),
        )
    }))?;
    Ok(())
}

/// The smallest and largest element (`imshow`'s default colour range).
pub fn range(z: &impl AsView<f64, 2>) -> (f64, f64) {
    let z = z.as_view();
    (z.min(), z.max())
}

/// One image with a colour bar, `plt.imshow(z, extent=...)`; returns the PNG's path.
pub fn image(
    name: &str,
    title: &str,
    z: View<'_, f64, 2>,
    extent: Option<(f64, f64, f64, f64)>,
) -> Result<PathBuf> {
    let path = out_path(name)?;
    {
        let root = BitMapBackend::new(&path, (670, 560)).into_drawing_area();
        root.fill(&WHITE)?;
        let (main, bar) = root.split_horizontally(560);
        let r = range(&z);
        image_on(&main, title, z, r, extent)?;
        colorbar(&bar, r)?;
        root.present()?;
    }
    Ok(path)
}

/// Several images in a grid of `rows × cols` panels sharing one colour range and one colour bar
/// (`plt.subplots` + `imshow(..., vmin, vmax)` + `colorbar`); returns the PNG's path.
pub fn panels(
    name: &str,
    (rows, cols): (usize, usize),
    images: &[(&str, View<'_, f64, 2>)],
    r: (f64, f64),
) -> Result<PathBuf> {
    let path = out_path(name)?;
    {
        let (w, h) = (300 * cols as u32 + 110, 300 * rows as u32);
        let root = BitMapBackend::new(&path, (w, h)).into_drawing_area();
        root.fill(&WHITE)?;
        let (grid, bar) = root.split_horizontally(w - 110);
        for (area, (title, z)) in grid.split_evenly((rows, cols)).iter().zip(images) {
            image_on(area, title, *z, r, None)?;
        }
        colorbar(&bar, r)?;
        root.present()?;
    }
    Ok(path)
}
