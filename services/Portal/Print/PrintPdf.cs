using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace Portal.Print;

/// <summary>
/// A <see cref="PrintSheet"/> as an A4 PDF in large type: black on white, bold labels, rules between facts, real text
/// (not an image) so it can be read aloud, searched and checked. It is laid out at the largest body size from 18pt
/// down to 14pt that fits one page (a page is easier to hand over and keep); what does not fit even at 14pt (a long
/// shortlist) goes on to more pages at 16pt, large print, rather than into smaller type.
/// </summary>
public static class PrintPdf
{
    private const double PageWidth = 595.28; // A4 in points
    private const double PageHeight = 841.89;
    private const double Margin = 36; // half an inch: inside what any printer can print
    private const double ContentWidth = PageWidth - 2 * Margin;
    private static readonly double[] OnePageSizes = [18, 17, 16, 15, 14];
    private const double ManyPagesSize = 16;

    static PrintPdf() => PrintFonts.Register();

    public static byte[] Render(PrintSheet sheet, string title)
    {
        var layout = OnePageSizes.Select(size => Layout(sheet, size)).FirstOrDefault(l => l.Pages == 1)
                     ?? Layout(sheet, ManyPagesSize);
        using var document = new PdfDocument();
        document.Info.Title = title;
        document.Info.Creator = "Community Directory";
        var pages = Enumerable.Range(0, layout.Pages).Select(_ =>
        {
            var page = document.AddPage();
            page.Width = XUnit.FromPoint(PageWidth);
            page.Height = XUnit.FromPoint(PageHeight);
            return XGraphics.FromPdfPage(page);
        }).ToList();
        foreach (var op in layout.Ops)
        {
            var gfx = pages[op.Page];
            if (op.Text is { } text) gfx.DrawString(text, op.Font!, XBrushes.Black, op.X, op.Y, XStringFormats.TopLeft);
            else gfx.DrawLine(new XPen(XColors.Black, op.Thickness), op.X, op.Y, op.X + op.Width, op.Y);
        }
        foreach (var gfx in pages) gfx.Dispose();
        using var output = new MemoryStream();
        document.Save(output, closeStream: false);
        return output.ToArray();
    }

    /// <summary>Where each line of text and each rule goes, at one body size; nothing drawn yet.</summary>
    private static SheetLayout Layout(PrintSheet sheet, double size)
    {
        using var measure = XGraphics.CreateMeasureContext(new XSize(PageWidth, PageHeight), XGraphicsUnit.Point, XPageDirection.Downwards);
        var fonts = new Fonts(size);
        var flow = new Flow(measure);
        // The labels' column is as wide as the widest label (they are short words), so the values get the rest.
        var labelWidth = Math.Min(size * 8.5, sheet.Activities.SelectMany(a => a.Facts)
            .Select(f => measure.MeasureString(f.Label, fonts.Bold).Width).DefaultIfEmpty(0).Max());
        var valueX = Margin + labelWidth + size;
        var valueWidth = PageWidth - Margin - valueX;

        if (sheet.Heading is { } heading) flow.Paragraph(heading, fonts.Title, 0.3);
        if (sheet.For is { } name) flow.Paragraph(PortalText.Get("Print.For") + " " + (name.Length > 0 ? name : "______________________"), fonts.Heading, 0.4);
        if (sheet.Intro.Count > 0) flow.Paragraph(string.Join(" ", sheet.Intro), fonts.Body, 0.3);

        foreach (var activity in sheet.Activities)
        {
            var nameFont = sheet.Heading is null ? fonts.Title : fonts.Heading;
            // An activity's name stays with the start of its facts: never alone at the foot of a page.
            flow.KeepTogether(flow.Height(activity.Name, nameFont, ContentWidth) + size * 4);
            if (sheet.Heading is not null) flow.Rule(2.5, size * 0.6);
            flow.Paragraph(activity.Name, nameFont, 0.2);
            if (activity.Organisation is { } organisation) flow.Paragraph(organisation, fonts.Body, 0.3);
            if (activity.Notice is { } notice) flow.Paragraph(notice, fonts.Bold, 0.3);
            foreach (var about in activity.About) flow.Paragraph(about, fonts.Body, 0.3);
            foreach (var fact in activity.Facts) flow.Fact(fact, fonts, labelWidth, valueX, valueWidth);
            flow.Space(size * 0.6);
        }
        flow.Rule(1, size * 0.4);
        foreach (var line in sheet.Footer) flow.Paragraph(line, fonts.Small, 0.2);
        return new SheetLayout(flow.Page + 1, flow.Ops);
    }

    private sealed record SheetLayout(int Pages, List<Op> Ops);

    /// <summary>A line of text (top-left at X, Y) or, without text, a horizontal rule.</summary>
    private sealed record Op(int Page, double X, double Y, string? Text = null, XFont? Font = null, double Width = 0, double Thickness = 0);

    private sealed class Fonts(double size)
    {
        public XFont Title { get; } = new(PrintFonts.Family, size * 1.5, XFontStyleEx.Bold);
        public XFont Heading { get; } = new(PrintFonts.Family, size * 1.3, XFontStyleEx.Bold);
        public XFont Body { get; } = new(PrintFonts.Family, size, XFontStyleEx.Regular);
        public XFont Bold { get; } = new(PrintFonts.Family, size, XFontStyleEx.Bold);
        // The footer only: what was printed when, and where to look it up.
        public XFont Small { get; } = new(PrintFonts.Family, Math.Max(12, size * 0.8), XFontStyleEx.Regular);
    }

    /// <summary>Text flowing down the page and on to the next, wrapped at word boundaries.</summary>
    private sealed class Flow(XGraphics measure)
    {
        private const double Bottom = PageHeight - Margin;
        private double _y = Margin;
        public int Page { get; private set; }
        public List<Op> Ops { get; } = [];

        public void Paragraph(string text, XFont font, double spaceAfterEm)
        {
            foreach (var line in Wrap(text, font, ContentWidth))
            {
                KeepTogether(LineHeight(font));
                if (line.Length > 0) Ops.Add(new Op(Page, Margin, _y, line, font));
                _y += LineHeight(font);
            }
            _y += font.Size * spaceAfterEm;
        }

        /// <summary>A label in its own column beside its lines, with a rule above; a fact is never split across pages.</summary>
        public void Fact(PrintedFact fact, Fonts fonts, double labelWidth, double valueX, double valueWidth)
        {
            var labelLines = Wrap(fact.Label, fonts.Bold, labelWidth);
            var valueLines = fact.Lines.SelectMany(l => Wrap(l, fonts.Body, valueWidth)).ToList();
            var height = Math.Max(labelLines.Count, valueLines.Count) * LineHeight(fonts.Body);
            KeepTogether(height + fonts.Body.Size * 0.7);
            Rule(0.75, fonts.Body.Size * 0.3);
            var top = _y;
            foreach (var (line, i) in labelLines.Select((l, i) => (l, i)))
                Ops.Add(new Op(Page, Margin, top + i * LineHeight(fonts.Bold), line, fonts.Bold));
            foreach (var (line, i) in valueLines.Select((l, i) => (l, i)))
                Ops.Add(new Op(Page, valueX, top + i * LineHeight(fonts.Body), line, fonts.Body));
            _y = top + height + fonts.Body.Size * 0.3;
        }

        public void Rule(double thickness, double spaceAfter)
        {
            KeepTogether(thickness + spaceAfter);
            Ops.Add(new Op(Page, Margin, _y, Width: ContentWidth, Thickness: thickness));
            _y += thickness + spaceAfter;
        }

        public void Space(double height) => _y += height;

        /// <summary>Starts a new page unless this much still fits on the current one.</summary>
        public void KeepTogether(double height)
        {
            if (_y + height <= Bottom || _y == Margin) return;
            Page++;
            _y = Margin;
        }

        public double Height(string text, XFont font, double width) => Wrap(text, font, width).Count * LineHeight(font);

        private static double LineHeight(XFont font) => font.Size * 1.3;

        /// <summary>Greedy word wrap; a word wider than the line (a long web address) is broken where it must be.</summary>
        private List<string> Wrap(string text, XFont font, double width)
        {
            var lines = new List<string>();
            foreach (var paragraph in text.ReplaceLineEndings("\n").Split('\n'))
            {
                var line = "";
                foreach (var word in paragraph.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                {
                    var candidate = line.Length == 0 ? word : line + " " + word;
                    if (Fits(candidate, font, width)) { line = candidate; continue; }
                    if (line.Length > 0) lines.Add(line);
                    line = word;
                    while (!Fits(line, font, width) && line.Length > 1)
                    {
                        var cut = line.Length - 1;
                        while (cut > 1 && !Fits(line[..cut], font, width)) cut--;
                        lines.Add(line[..cut]);
                        line = line[cut..];
                    }
                }
                lines.Add(line);
            }
            return lines;
        }

        private bool Fits(string text, XFont font, double width) => measure.MeasureString(text, font).Width <= width;
    }
}
