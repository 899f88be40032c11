using System.Globalization;
using System.Resources;

namespace Portal;

/// <summary>
/// The portal's words in every shipped language: Resources/PortalText.resx (English) and PortalText.{pl,bn,ar}.resx.
/// Views use <c>IStringLocalizer&lt;PortalText&gt;</c> (injected as <c>T</c> in _ViewImports); code without a view
/// (listing facts, schedule wording, the printed sheet) uses <see cref="Get"/> and <see cref="Format"/>. Both read the
/// request's culture; a key a language lacks falls back to English.
/// </summary>
public sealed class PortalText
{
    public const string BaseName = "Portal.Resources.PortalText";

    public static ResourceManager Resources { get; } = new(BaseName, typeof(PortalText).Assembly);

    public static string Get(string key) => Resources.GetString(key, CultureInfo.CurrentUICulture) ?? key;

    public static string Format(string key, params object?[] args) => string.Format(CultureInfo.CurrentCulture, Get(key), args);
}
