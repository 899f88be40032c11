using System.Text;
using System.Text.RegularExpressions;
using UglyToad.PdfPig;
using UglyToad.PdfPig.Content;

namespace Portal.Tests;

/// <summary>
/// The text a PDF draws, read back with PdfPig, a reader independent of PDFsharp (which wrote it): each glyph decoded
/// through its font (the ToUnicode map where there is one, which is what a screen reader or a copy-and-paste uses).
/// A glyph the reader cannot turn into a character fails the test rather than being skipped, so "this text is not
/// in the PDF" is never true just because the reader could not see it.
/// </summary>
public static partial class PdfText
{
    /// <summary>The PDF's text, a line of the page per line (a new line where the baseline moves), page after page.</summary>
    public static string Extract(byte[] pdf)
    {
        using var document = PdfDocument.Open(pdf);
        var text = new StringBuilder();
        foreach (var page in document.GetPages())
        {
            double? baseline = null;
            foreach (var letter in page.Letters)
            {
                AssertReadable(letter, page.Number);
                var y = letter.StartBaseLine.Y;
                if (baseline is { } previous && Math.Abs(previous - y) > 1) text.Append('\n');
                baseline = y;
                text.Append(letter.Value);
            }
            text.Append('\n');
        }
        return text.ToString();
    }

    /// <summary>The text with every run of white space (line ends included) as one space, for phrases wrapped over lines.</summary>
    public static string ExtractFlat(byte[] pdf) => Whitespace().Replace(Extract(pdf), " ");

    public static int PageCount(byte[] pdf)
    {
        using var document = PdfDocument.Open(pdf);
        return document.NumberOfPages;
    }

    private static void AssertReadable(Letter letter, int page)
    {
        if (letter.Value.Length == 0 || letter.Value.Any(c => c == '\uFFFD' || (char.IsControl(c) && c is not ('\t' or '\n' or '\r'))))
            throw new InvalidDataException(
                $"Page {page}: a glyph of font {letter.FontName} has no readable character ({string.Join(' ', letter.Value.Select(c => $"U+{(int)c:X4}"))}).");
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
