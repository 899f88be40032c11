using Microsoft.AspNetCore.Mvc;
using Portal.Localisation;

namespace Portal.Pages;

/// <summary>
/// The language switcher's target (docs/LANGUAGES.md): a plain form post, so it works without JavaScript. It remembers
/// the language in a cookie and goes back to the page the person was on; GET explains the choice and which pages are
/// English only.
/// </summary>
public sealed class LanguageModel : PortalPage
{
    public string ReturnUrl { get; private set; } = "/";

    public void OnGet(string? returnUrl) => ReturnUrl = Back(Url, returnUrl);

    public IActionResult OnPost(string? culture, string? returnUrl)
    {
        if (PortalCultures.Find(culture) is { } language) PortalCultures.Remember(Response, language);
        return LocalRedirect(Back(Url, returnUrl));
    }

    /// <summary>
    /// The page to go back to: a local address only (never another site), without a <c>?culture=</c> that would
    /// outvote the language just chosen.
    /// </summary>
    public static string Back(IUrlHelper url, string? returnUrl, bool keepCulture = false)
    {
        if (string.IsNullOrEmpty(returnUrl) || !url.IsLocalUrl(returnUrl)) return "/";
        var query = returnUrl.IndexOf('?', StringComparison.Ordinal);
        if (query < 0 || keepCulture) return returnUrl;
        var kept = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(returnUrl[query..])
            .Where(p => !p.Key.Equals("culture", StringComparison.OrdinalIgnoreCase) && !p.Key.Equals("ui-culture", StringComparison.OrdinalIgnoreCase))
            .SelectMany(p => p.Value.Select(v => new KeyValuePair<string, string?>(p.Key, v)));
        return returnUrl[..query] + QueryString.Create(kept).ToUriComponent();
    }
}
