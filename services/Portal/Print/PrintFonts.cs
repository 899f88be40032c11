using System.Collections.Concurrent;
using PdfSharp.Fonts;

namespace Portal.Print;

/// <summary>
/// PDFsharp's fonts: DejaVu Sans, regular and bold, carried in the portal's assembly (Print/Fonts, Bitstream Vera
/// licence), so a PDF looks the same everywhere and needs no font installed: the portal's container image has none,
/// and PDFsharp finds no system fonts on Linux by itself. Every family a PDF asks for is DejaVu Sans.
/// </summary>
public sealed class PrintFonts : IFontResolver
{
    public const string Family = "DejaVu Sans";
    private const string Regular = "DejaVuSans";
    private const string Bold = "DejaVuSans-Bold";
    private static readonly PrintFonts Instance = new();
    private static readonly Lock Registering = new();
    private readonly ConcurrentDictionary<string, byte[]> _faces = new();

    /// <summary>Installs the resolver once per process (PDFsharp keeps it in a static; a second, different one throws).</summary>
    public static void Register()
    {
        lock (Registering)
        {
            if (GlobalFontSettings.FontResolver != Instance) GlobalFontSettings.FontResolver = Instance;
        }
    }

    public FontResolverInfo ResolveTypeface(string familyName, bool bold, bool italic) =>
        // No italic face is shipped: the layouts use none, and PDFsharp slants the regular one if one is ever asked for.
        new(bold ? Bold : Regular, false, italic);

    public byte[] GetFont(string faceName) => _faces.GetOrAdd(faceName, static face =>
    {
        using var stream = typeof(PrintFonts).Assembly.GetManifestResourceStream($"PrintFonts.{face}.ttf")
                           ?? throw new InvalidOperationException($"The font {face}.ttf is not embedded in the portal (Print/Fonts).");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    });
}
