namespace Portal;

/// <summary>
/// Links that leave the portal (in an email, on a printed sheet): built on Portal:PublicUrl when set, so a forged
/// Host header cannot point them elsewhere, else on the request.
/// </summary>
public static class PublicLinks
{
    public static string To(IConfiguration configuration, HttpRequest request, string pathAndQuery)
    {
        var root = configuration["Portal:PublicUrl"] is { Length: > 0 } configured
            ? configured.TrimEnd('/')
            : $"{request.Scheme}://{request.Host}{request.PathBase}";
        return root + pathAndQuery;
    }
}
