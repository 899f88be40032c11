namespace Portal;

/// <summary>
/// A form whose body has a NUL character (<c>%00</c>) is refused whole by ASP.NET's form reader ("The form value
/// contains invalid characters"): the antiforgery check then failed with a bare 400 and everything the person typed was
/// lost. Here a NUL becomes another control character (U+0001), which the reader takes and every field's rule refuses
/// (the portal's and the services'), so the page answers as it does for any control character: the form again, with
/// what was typed and a field error. No NUL reaches a page, so none reaches a database (PostgreSQL refuses it in text).
/// </summary>
public static class FormsWithNul
{
    public static IApplicationBuilder UseFormsWithNul(this IApplicationBuilder app) => app.Use(ReadAsync);

    private static async Task ReadAsync(HttpContext http, RequestDelegate next)
    {
        var request = http.Request;
        if (HttpMethods.IsPost(request.Method) && request.ContentType is { } type &&
            type.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase))
        {
            request.EnableBuffering();
            // Kestrel's request body limit bounds this read, as it bounds the framework's own.
            using var body = new MemoryStream();
            await request.Body.CopyToAsync(body, http.RequestAborted);
            var bytes = body.ToArray();
            // The same length: the Content-Length the client sent stays true.
            request.Body = WithoutNul(bytes) ? new MemoryStream(bytes) : request.Body;
            request.Body.Position = 0;
        }
        await next(http);
    }

    /// <summary>Turns each NUL, encoded (<c>%00</c>) or sent as it is, into U+0001 in place; true when there was one.</summary>
    internal static bool WithoutNul(Span<byte> body)
    {
        var found = false;
        for (var i = 0; i < body.Length; i++)
        {
            if (body[i] == 0) (body[i], found) = (1, true);
            else if (body[i] == '%' && i + 2 < body.Length && body[i + 1] == '0' && body[i + 2] == '0') (body[i + 2], found) = ((byte)'1', true);
        }
        return found;
    }
}
