namespace Portal;

/// <summary>
/// What every portal response carries, pages, static files and error pages alike. The policy allows scripts and
/// styles from the portal only (no inline script: the layout's scripts are files under wwwroot/js), images also as
/// data: URIs, and nhsuk-frontend's Frutiger fonts from assets.nhs.uk; nothing may frame the portal.
/// </summary>
public static class SecurityHeaders
{
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
        "font-src 'self' https://assets.nhs.uk; connect-src 'self'; form-action 'self'; " +
        "frame-ancestors 'none'; base-uri 'self'; object-src 'none'";

    /// <summary>First in the pipeline; set when the response starts so the exception handler's reset keeps them.</summary>
    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use((http, next) =>
    {
        http.Response.OnStarting(() =>
        {
            var headers = http.Response.Headers;
            headers.ContentSecurityPolicy = ContentSecurityPolicy;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
            return Task.CompletedTask;
        });
        return next(http);
    });
}
