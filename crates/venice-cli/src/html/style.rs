//! The pages' shared inline CSS: a grid that fills any window (auto-fill,
//! minmax), images at one display size and a quiet frame; a click on an
//! image is a plain link to its file. No fonts or images from anywhere.

/// The `<style>` element's content.
pub const CSS: &str = "\
*{box-sizing:border-box}
body{margin:0;padding:1rem;font:14px/1.4 system-ui,sans-serif;color:#222;background:#f6f6f6}
h1{font-size:1.2rem;margin:0 0 .25rem}
p.meta{margin:.25rem 0 1rem;color:#555;overflow-wrap:anywhere}
.grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(min(100%,260px),1fr));gap:1rem}
figure{margin:0;background:#fff;border:1px solid #ddd;border-radius:4px;padding:.5rem}
figure img{display:block;width:100%;height:260px;object-fit:contain;background:#eee}
figcaption{margin-top:.4rem;overflow-wrap:anywhere}
figcaption b{display:block}
.facts{color:#555;font-size:.9em}
.failed{border-color:#c33}
.failed .error{color:#a11}
.missing{display:flex;align-items:center;justify-content:center;height:260px;background:#eee;color:#777}
.pair{display:grid;grid-template-columns:1fr 1fr;gap:.25rem}
.pair img{height:160px}
table{border-collapse:collapse;margin:1rem 0}
td,th{border:1px solid #ddd;padding:.25rem .5rem;text-align:left;vertical-align:top;overflow-wrap:anywhere}
section.item h2{font-size:1rem;margin:1rem 0 .5rem;overflow-wrap:anywhere}
.stages{display:grid;grid-template-columns:repeat(auto-fill,minmax(min(100%,200px),1fr));gap:.5rem}
.stage img{height:200px}
.stage .missing{height:200px;padding:.5rem;text-align:center;overflow-wrap:anywhere}
";
