namespace Portal.Localisation;

/// <summary>
/// Easy read (issue #19): short sentences, larger text and pictures of the key facts on the listing, referral and print
/// pages. Switched on and off like the language, by a cookie the layout's form sets (no JavaScript needed).
/// </summary>
public static class EasyRead
{
    public const string CookieName = "portal.easy-read";

    public static bool IsOn(HttpContext http) => http.Request.Cookies[CookieName] == "on";

    public static void Remember(HttpResponse response, bool on)
    {
        if (!on)
        {
            response.Cookies.Delete(CookieName);
            return;
        }
        response.Cookies.Append(CookieName, "on", new CookieOptions
        {
            Expires = DateTimeOffset.UtcNow.AddYears(1), IsEssential = true, HttpOnly = true, SameSite = SameSiteMode.Lax,
            Secure = response.HttpContext.Request.IsHttps,
        });
    }
}
