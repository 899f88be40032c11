namespace Portal.Api;

/// <summary>
/// Tells the services whose request this is (X-Forwarded-For: the visitor's address, as the portal's own trusted
/// proxies forwarded it), so their per-client rate limits count each visitor, not the portal as one client.
/// The services honour it only from their trusted proxies (BuildingBlocks.Hosting.TrustedProxies).
/// </summary>
public sealed class ClientAddressHandler(IHttpContextAccessor http) : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (http.HttpContext?.Connection.RemoteIpAddress is { } visitor)
            request.Headers.TryAddWithoutValidation("X-Forwarded-For", visitor.ToString());
        return base.SendAsync(request, cancellationToken);
    }
}
