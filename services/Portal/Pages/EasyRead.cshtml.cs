using Microsoft.AspNetCore.Mvc;
using Portal.Localisation;

namespace Portal.Pages;

/// <summary>Easy read on or off (a cookie, like the language): a plain form post from the layout, then back to the page.</summary>
public sealed class EasyReadModel : PortalPage
{
    public string ReturnUrl { get; private set; } = "/";
    public bool On { get; private set; }

    public void OnGet(string? returnUrl)
    {
        ReturnUrl = LanguageModel.Back(Url, returnUrl);
        On = EasyRead.IsOn(HttpContext);
    }

    public IActionResult OnPost(bool on, string? returnUrl)
    {
        EasyRead.Remember(Response, on);
        // Back to the page as it was, in the language it was in (a print page's ?culture= included).
        return LocalRedirect(LanguageModel.Back(Url, returnUrl, keepCulture: true));
    }
}
