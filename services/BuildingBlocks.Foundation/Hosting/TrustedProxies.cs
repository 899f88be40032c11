using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace BuildingBlocks.Hosting;

/// <summary>
/// X-Forwarded-For and X-Forwarded-Proto are honoured from trusted proxies only, so behind the ingress the client IP
/// (rate limits) and the scheme (Secure cookies, redirects) are the caller's, while a caller outside cannot forge
/// them. Trusted: loopback always (the embedded host's portal calls its APIs over it), plus the comma-separated
/// CIDR ranges in <c>ForwardedHeaders:KnownNetworks</c> (the k8s manifests set the cluster's private ranges).
/// </summary>
public static class TrustedProxies
{
    public const string KnownNetworksSetting = "ForwardedHeaders:KnownNetworks";

    public static IServiceCollection AddTrustedProxies(this IServiceCollection services, IConfiguration configuration)
    {
        var networks = (configuration[KnownNetworksSetting] ?? "")
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(cidr => System.Net.IPNetwork.TryParse(cidr, out var network)
                ? network
                : throw new InvalidOperationException($"{KnownNetworksSetting}: '{cidr}' is not a CIDR range (like 10.0.0.0/8)."))
            .ToList();
        services.Configure<ForwardedHeadersOptions>(options =>
        {
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            foreach (var network in networks) options.KnownIPNetworks.Add(network);
        });
        return services;
    }
}
