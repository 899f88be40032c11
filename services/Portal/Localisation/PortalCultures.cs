using System.Globalization;
using Microsoft.AspNetCore.Localization;

namespace Portal.Localisation;

/// <summary>A language the portal is shipped in: its culture name, its name in itself, and which way it is written.</summary>
public sealed record PortalLanguage(string Culture, string NativeName, bool RightToLeft)
{
    /// <summary>The two letters an HTML <c>lang</c> attribute wants ("en-GB", "pl").</summary>
    public string Lang => Culture;
    public string Dir => RightToLeft ? "rtl" : "ltr";
}

/// <summary>
/// The portal's languages (docs/LANGUAGES.md): English (en-GB, the default and the words every other language falls
/// back to), Polish, Bengali and Arabic. The culture comes from <c>?culture=</c>, then the language cookie the switcher
/// sets, then the browser's Accept-Language; the portal runs in invariant globalization mode (no ICU in its images),
/// so these are cultures by name, and every word they show, day and month names included, is in Resources/.
/// </summary>
public static class PortalCultures
{
    public const string Default = "en-GB";

    public static IReadOnlyList<PortalLanguage> Languages { get; } =
    [
        new(Default, "English", false),
        new("pl", "Polski", false),
        new("bn", "বাংলা", false),
        new("ar", "العربية", true),
    ];

    /// <summary>The cookie the switcher sets (ASP.NET Core's own name, so its cookie provider reads it).</summary>
    public static string CookieName => CookieRequestCultureProvider.DefaultCookieName;

    /// <summary>The shipped language of the request's culture (English for anything else).</summary>
    public static PortalLanguage Current => Find(CultureInfo.CurrentUICulture.Name) ?? Languages[0];

    public static bool IsEnglish => Current.Culture == Default;

    public static PortalLanguage? Find(string? culture) =>
        culture is null ? null : Languages.FirstOrDefault(l => string.Equals(l.Culture, culture, StringComparison.OrdinalIgnoreCase));

    public static IServiceCollection AddPortalLocalisation(this IServiceCollection services)
    {
        services.AddLocalization(options => options.ResourcesPath = "Resources");
        services.Configure<RequestLocalizationOptions>(options =>
        {
            var cultures = Languages.Select(l => CultureInfo.GetCultureInfo(l.Culture)).ToList();
            options.DefaultRequestCulture = new RequestCulture(Default);
            options.SupportedCultures = cultures;
            options.SupportedUICultures = cultures;
            options.FallBackToParentCultures = true;
            options.FallBackToParentUICultures = true;
            // The default providers, in this order: ?culture= (a print in the person's language), the switcher's
            // cookie, then Accept-Language (pl-PL is pl, en-US is English).
            options.RequestCultureProviders =
            [
                new QueryStringRequestCultureProvider(),
                new CookieRequestCultureProvider(),
                new AcceptLanguageProvider(),
            ];
        });
        return services;
    }

    /// <summary>The language cookie's value and options: a year, sent on ordinary navigation, essential (it carries no personal data).</summary>
    public static void Remember(HttpResponse response, PortalLanguage language) =>
        response.Cookies.Append(CookieName, CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(language.Culture)),
            new CookieOptions
            {
                Expires = DateTimeOffset.UtcNow.AddYears(1), IsEssential = true, HttpOnly = true, SameSite = SameSiteMode.Lax,
                Secure = response.HttpContext.Request.IsHttps,
            });
}

/// <summary>
/// Accept-Language by language, not region: "pl-PL" is Polish and "en-US" English (en-GB). ASP.NET Core's own provider
/// falls back to a culture's parent, which in invariant globalization mode is the invariant culture, not "pl".
/// </summary>
public sealed class AcceptLanguageProvider : RequestCultureProvider
{
    public override Task<ProviderCultureResult?> DetermineProviderCultureResult(HttpContext httpContext)
    {
        var asked = httpContext.Request.GetTypedHeaders().AcceptLanguage;
        var match = asked
            .Where(l => l.Quality is not 0)
            .OrderByDescending(l => l.Quality ?? 1)
            .Select(l => Shipped(l.Value.Value))
            .FirstOrDefault(l => l is not null);
        return Task.FromResult(match is null ? null : new ProviderCultureResult(match.Culture));
    }

    private static PortalLanguage? Shipped(string? tag)
    {
        if (string.IsNullOrEmpty(tag)) return null;
        var language = tag.Split('-')[0];
        return PortalCultures.Languages.FirstOrDefault(l => string.Equals(l.Culture.Split('-')[0], language, StringComparison.OrdinalIgnoreCase));
    }
}
