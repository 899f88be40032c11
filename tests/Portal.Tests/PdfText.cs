using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using PdfSharp.Pdf;
using PdfSharp.Pdf.Content;
using PdfSharp.Pdf.Content.Objects;
using PdfSharp.Pdf.IO;

namespace Portal.Tests;

/// <summary>
/// The text a PDF draws, read back from its content streams with PDFsharp's content reader: each string shown
/// (Tj, TJ, ' and ") decoded through its font, by the font's ToUnicode map where it has one (what a screen reader
/// or a copy-and-paste uses) and as Windows-1252 where it has none. A string it cannot decode fails the test rather
/// than being skipped, so "this text is not in the PDF" is never true just because the reader could not see it.
/// </summary>
public static partial class PdfText
{
    static PdfText() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    /// <summary>The PDF's text, one drawn string per line, page after page.</summary>
    public static string Extract(byte[] pdf)
    {
        using var document = PdfReader.Open(new MemoryStream(pdf), PdfDocumentOpenMode.Import);
        var text = new StringBuilder();
        foreach (var page in document.Pages)
        {
            var fonts = page.Resources.Elements.GetDictionary("/Font");
            var decoders = new Dictionary<string, Func<byte[], string>>();
            Func<byte[], string>? current = null;
            foreach (var op in Operators(ContentReader.ReadContent(page)))
            {
                switch (op.OpCode.Name)
                {
                    case "Tf":
                        var name = ((CName)op.Operands[0]).Name;
                        if (!decoders.TryGetValue(name, out current))
                        {
                            var font = fonts?.Elements.GetDictionary(name) ?? throw new InvalidDataException($"Font {name} is not in the page's resources.");
                            decoders[name] = current = Decoder(font);
                        }
                        break;
                    case "Tj" or "'" or "\"" or "TJ":
                        if (current is null) throw new InvalidDataException("Text shown before any font was set.");
                        foreach (var shown in Strings(op.Operands)) text.Append(current(Bytes(shown)));
                        text.Append('\n');
                        break;
                }
            }
        }
        return text.ToString();
    }

    /// <summary>The text with every run of white space (line ends included) as one space, for phrases wrapped over lines.</summary>
    public static string ExtractFlat(byte[] pdf) => Whitespace().Replace(Extract(pdf), " ");

    public static int PageCount(byte[] pdf)
    {
        using var document = PdfReader.Open(new MemoryStream(pdf), PdfDocumentOpenMode.Import);
        return document.PageCount;
    }

    private static IEnumerable<COperator> Operators(CSequence sequence)
    {
        foreach (var item in sequence)
        {
            if (item is COperator op) yield return op;
            else if (item is CSequence nested)
                foreach (var inner in Operators(nested)) yield return inner;
        }
    }

    private static IEnumerable<CString> Strings(CSequence operands)
    {
        foreach (var operand in operands)
        {
            if (operand is CString s) yield return s;
            else if (operand is CArray array)
                foreach (var inner in Strings(array)) yield return inner;
        }
    }

    // The content reader keeps each byte of a string as one char.
    private static byte[] Bytes(CString s) => [.. s.Value.Select(c => c <= 0xFF ? (byte)c : throw new InvalidDataException($"Unexpected char U+{(int)c:X4} in a PDF string."))];

    private static Func<byte[], string> Decoder(PdfDictionary font)
    {
        var twoByteCodes = font.Elements.GetName("/Subtype") == "/Type0";
        var toUnicode = font.Elements.GetDictionary("/ToUnicode");
        if (toUnicode?.Stream is { } stream)
        {
            var map = ToUnicodeMap(Encoding.ASCII.GetString(stream.UnfilteredValue));
            var width = twoByteCodes ? 2 : 1;
            return bytes =>
            {
                var text = new StringBuilder();
                for (var i = 0; i + width <= bytes.Length; i += width)
                {
                    var code = width == 2 ? bytes[i] << 8 | bytes[i + 1] : bytes[i];
                    text.Append(map.TryGetValue(code, out var chars) ? chars
                        : throw new InvalidDataException($"Code {code:X} has no Unicode mapping in the font."));
                }
                return text.ToString();
            };
        }
        if (twoByteCodes) throw new InvalidDataException("A composite font without a ToUnicode map: its text cannot be read.");
        var windows1252 = Encoding.GetEncoding(1252);
        return windows1252.GetString;
    }

    /// <summary>A ToUnicode CMap's bfchar and bfrange entries: code to text.</summary>
    private static Dictionary<int, string> ToUnicodeMap(string cmap)
    {
        var map = new Dictionary<int, string>();
        foreach (Match section in BfChar().Matches(cmap))
        foreach (Match pair in HexPair().Matches(section.Groups[1].Value))
            map[Hex(pair.Groups[1].Value)] = Utf16(pair.Groups[2].Value);
        foreach (Match section in BfRange().Matches(cmap))
        foreach (Match range in HexRange().Matches(section.Groups[1].Value))
        {
            var (from, to, start) = (Hex(range.Groups[1].Value), Hex(range.Groups[2].Value), Hex(range.Groups[3].Value));
            for (var code = from; code <= to; code++) map[code] = char.ConvertFromUtf32(start + code - from);
        }
        return map;
    }

    private static int Hex(string hex) => int.Parse(hex, NumberStyles.HexNumber, CultureInfo.InvariantCulture);

    private static string Utf16(string hex) => Encoding.BigEndianUnicode.GetString(Convert.FromHexString(hex));

    [GeneratedRegex(@"beginbfchar(.*?)endbfchar", RegexOptions.Singleline)]
    private static partial Regex BfChar();

    [GeneratedRegex(@"beginbfrange(.*?)endbfrange", RegexOptions.Singleline)]
    private static partial Regex BfRange();

    [GeneratedRegex(@"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>")]
    private static partial Regex HexPair();

    [GeneratedRegex(@"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>")]
    private static partial Regex HexRange();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
