using System.Net;
using System.Text;

namespace Portal.Tests.Fuzz;

/// <summary>What came back for one request: the body only when it is text a person would read.</summary>
public sealed record PortalAnswer(int Status, string? Location, string? MediaType, string? Text);

/// <summary>
/// One person at the portal over plain HTTP: a cookie jar, no redirects followed (each answer is checked as it is),
/// signed in through the sign-in form as a demo account of one role (or nobody).
/// </summary>
public sealed class PortalVisitor(Uri baseUrl, string role, string? email, string password) : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private readonly CookieContainer _cookies = new();
    private HttpClient? _http;

    public string Role => role;
    public Uri BaseUrl => baseUrl;

    private HttpClient Http => _http ??= new HttpClient(new HttpClientHandler
    {
        CookieContainer = _cookies, AllowAutoRedirect = false, UseCookies = true,
    }) { BaseAddress = baseUrl, Timeout = Timeout.InfiniteTimeSpan };

    /// <summary>True when the visitor should be signed in but the portal has ended its session (a sign-out form, say).</summary>
    public bool LostSession => email is not null && _cookies.GetCookies(baseUrl).All(c => c.Name != "portal.auth" || c.Expired);

    public async Task SignInAsync()
    {
        if (email is null) return;
        var page = await SendAsync(HttpMethod.Get, "/account/sign-in", null);
        var form = HtmlForms.Read(page.Text ?? "", new Uri(baseUrl, "/account/sign-in")).Forms
            .First(f => f.Fields.Any(x => x.Name == "Password"));
        var token = form.Fields.Single(f => f.Name == FormTarget.Antiforgery).Value;
        var body = $"{FormTarget.Antiforgery}={HostileInput.Escape(token)}&Email={HostileInput.Escape(email)}&Password={HostileInput.Escape(password)}";
        var answer = await SendAsync(HttpMethod.Post, form.Action.PathAndQuery, body);
        if (answer.Status != 302 || LostSession)
            throw new InvalidOperationException($"{email} could not sign in: {answer.Status} {answer.Location}");
    }

    /// <summary>Sends a path (and query) exactly as given, and a form body already encoded.</summary>
    public async Task<PortalAnswer> SendAsync(HttpMethod method, string pathAndQuery, string? formBody)
    {
        using var request = new HttpRequestMessage(method, new Uri(baseUrl.GetLeftPart(UriPartial.Authority) + "/" + pathAndQuery.TrimStart('/'), UriKind.Absolute));
        if (formBody is not null)
            request.Content = new ByteArrayContent(Encoding.ASCII.GetBytes(formBody))
            {
                Headers = { ContentType = new("application/x-www-form-urlencoded") },
            };
        using var timeout = new CancellationTokenSource(Patience);
        using var response = await Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        var mediaType = response.Content.Headers.ContentType?.MediaType;
        // A stream (the live inbox) never ends; a PDF or CSV is not read as a page.
        var text = mediaType is "text/html" or "text/plain" or "application/json" or "application/problem+json" or null
            ? await response.Content.ReadAsStringAsync(timeout.Token)
            : null;
        return new PortalAnswer((int)response.StatusCode, response.Headers.Location?.OriginalString, mediaType, text);
    }

    public void Dispose() => _http?.Dispose();
}
