//! Provenance in XMP: the packet this crate writes (every step that made
//! the image, with IPTC's `DigitalSourceType`), and reading it back.
//!
//! Written and read by hand: the packet's shape is this crate's own (one
//! `rdf:Description`, properties as elements, steps as an `rdf:Seq` of
//! resources), so reading needs no general XML parser; text is escaped on
//! the way out and unescaped on the way in. A packet rewritten by another
//! tool in another shape (attributes instead of elements) may not be read.

use super::{Provenance, SourceType, Step};

/// The namespace of this crate's provenance properties.
pub const NAMESPACE: &str = "https://github.com/venice-image/venice-image/ns/provenance/1.0/";

/// Descriptive properties of an input's XMP carried into the output.
const CARRIED: &[&str] = &["dc:title", "dc:description", "dc:creator", "dc:rights", "dc:subject"];

/// Escapes text for an XML element.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            // Control characters are not allowed in XML 1.0.
            c if c.is_control() && !matches!(c, '\n' | '\t') => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

fn unescape(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

/// The element `<name>...</name>` of `xml`, its inner text.
fn element<'a>(xml: &'a str, name: &str) -> Option<&'a str> {
    let open = format!("<{name}>");
    let close = format!("</{name}>");
    let start = xml.find(&open)? + open.len();
    let end = xml.get(start..)?.find(&close)? + start;
    xml.get(start..end)
}

/// The XMP packet for `provenance`, with `carried` descriptive properties
/// of the input (inner XML, already checked) and `extra` simple properties.
pub(crate) fn packet(
    provenance: Option<&Provenance>,
    carried: &[(&str, String)],
    extra: &[(&str, String)],
) -> String {
    let mut body = String::new();
    if let Some(p) = provenance {
        body.push_str(&format!(
            "<Iptc4xmpExt:DigitalSourceType>{}</Iptc4xmpExt:DigitalSourceType>",
            p.source_type.uri()
        ));
        if let Some(last) = p.steps.last() {
            body.push_str(&format!("<xmp:CreatorTool>{}</xmp:CreatorTool>", escape(&last.tool)));
            body.push_str(&format!("<xmp:ModifyDate>{}</xmp:ModifyDate>", escape(&last.time)));
        }
        body.push_str("<venice:Steps><rdf:Seq>");
        for s in &p.steps {
            body.push_str("<rdf:li rdf:parseType=\"Resource\">");
            let mut prop = |name: &str, v: Option<&str>| {
                if let Some(v) = v {
                    body.push_str(&format!("<venice:{name}>{}</venice:{name}>", escape(v)));
                }
            };
            prop("Operation", Some(&s.operation));
            prop("Model", s.model.as_deref());
            prop("Prompt", s.prompt.as_deref());
            prop("Seed", s.seed.map(|n| n.to_string()).as_deref());
            prop("RequestId", s.request_id.as_deref());
            prop("EstimatedCostUSD", s.cost_usd.map(|c| format!("{c}")).as_deref());
            prop("Time", Some(&s.time));
            prop("Tool", Some(&s.tool));
            body.push_str("</rdf:li>");
        }
        body.push_str("</rdf:Seq></venice:Steps>");
    }
    for (name, inner) in carried {
        body.push_str(&format!("<{name}>{inner}</{name}>"));
    }
    for (name, value) in extra {
        body.push_str(&format!("<{name}>{}</{name}>", escape(value)));
    }
    format!(
        "<?xpacket begin=\"\u{feff}\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n\
<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\
<rdf:Description rdf:about=\"\" xmlns:Iptc4xmpExt=\"http://iptc.org/std/Iptc4xmpExt/2008-02-29/\" \
xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\" \
xmlns:exif=\"http://ns.adobe.com/exif/1.0/\" xmlns:exifEX=\"http://cipa.jp/exif/1.0/\" \
xmlns:tiff=\"http://ns.adobe.com/tiff/1.0/\" xmlns:venice=\"{NAMESPACE}\">{body}</rdf:Description>\
</rdf:RDF></x:xmpmeta>\n<?xpacket end=\"w\"?>"
    )
}

/// The descriptive properties of an input's XMP worth carrying: each as
/// its inner XML, when it is plain (no processing instructions, no nested
/// packet, no location).
pub(crate) fn carried(xmp: &str) -> Vec<(&'static str, String)> {
    CARRIED
        .iter()
        .filter_map(|name| {
            let inner = element(xmp, name)?;
            let plain = !inner.contains("<?") && !inner.contains("xmpmeta") && !inner.contains("GPS");
            let balanced = inner.matches('<').count() == inner.matches('>').count();
            (plain && balanced).then(|| (*name, inner.to_owned()))
        })
        .collect()
}

/// The provenance in an XMP packet this crate wrote, if any.
pub(crate) fn read(xmp: &str) -> Option<Provenance> {
    let steps_xml = element(xmp, "venice:Steps")?;
    let mut steps = Vec::new();
    for item in steps_xml.split("<rdf:li").skip(1) {
        let item = item.split("</rdf:li>").next().unwrap_or_default();
        let get = |name: &str| element(item, &format!("venice:{name}")).map(unescape);
        steps.push(Step {
            operation: get("Operation").unwrap_or_default(),
            model: get("Model"),
            prompt: get("Prompt"),
            seed: get("Seed").and_then(|n| n.parse().ok()),
            request_id: get("RequestId"),
            cost_usd: get("EstimatedCostUSD").and_then(|c| c.parse().ok()),
            time: get("Time").unwrap_or_default(),
            tool: get("Tool").unwrap_or_default(),
        });
    }
    let source_type = match element(xmp, "Iptc4xmpExt:DigitalSourceType") {
        Some(uri) if uri == SourceType::TrainedAlgorithmicMedia.uri() => SourceType::TrainedAlgorithmicMedia,
        _ => SourceType::CompositeWithTrainedAlgorithmicMedia,
    };
    Some(Provenance { steps, source_type })
}

/// Whether an XMP packet says its image was made by a trained model
/// (rather than a photo changed by one).
pub(crate) fn made_by_a_model(xmp: &str) -> bool {
    element(xmp, "Iptc4xmpExt:DigitalSourceType")
        .is_some_and(|u| u == SourceType::TrainedAlgorithmicMedia.uri())
        || xmp.contains("digitalsourcetype/trainedAlgorithmicMedia\"")
}
