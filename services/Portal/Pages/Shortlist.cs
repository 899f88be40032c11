namespace Portal.Pages;

/// <summary>A practitioner's shortlist lives in a cookie: it is theirs alone and needs no server-side store.</summary>
public static class Shortlist
{
    private const string Cookie = "portal.shortlist";
    private const int Max = 20;

    public static IReadOnlyList<Guid> Read(HttpContext http) =>
        (http.Request.Cookies[Cookie] ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries)
            .Select(s => Guid.TryParse(s, out var id) ? id : Guid.Empty).Where(id => id != Guid.Empty).Distinct().Take(Max).ToList();

    public static void Add(HttpContext http, Guid id) => Write(http, Read(http).Append(id).Distinct().TakeLast(Max));

    public static void Remove(HttpContext http, Guid id) => Write(http, Read(http).Where(x => x != id));

    private static void Write(HttpContext http, IEnumerable<Guid> ids) =>
        http.Response.Cookies.Append(Cookie, string.Join(',', ids), new CookieOptions
        {
            HttpOnly = true, SameSite = SameSiteMode.Lax, IsEssential = true, MaxAge = TimeSpan.FromDays(30),
            Secure = http.Request.IsHttps,
        });
}
