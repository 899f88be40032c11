using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Hosting;

namespace BuildingBlocks.Auth;

/// <summary>
/// The demo's secrets are published (appsettings, README), so anyone can mint tokens with the demo key or sign in
/// with a demo account. They are accepted only in Development and in the embedded demo (services/Host), which marks
/// itself in code: any other process refuses to start with them, naming the setting to change.
/// </summary>
public static class DemoSecrets
{
    public const string SigningKey = "embedded-demo-signing-key-never-use-in-production-0123456789";

    private const string EmbeddedDemoProperty = "BuildingBlocks.Auth.EmbeddedDemo";

    /// <summary>Called by services/Host only: the embedded demo runs on the demo key and the demo accounts by design.</summary>
    public static void AllowInEmbeddedDemo(WebApplicationBuilder builder) => builder.Host.Properties[EmbeddedDemoProperty] = true;

    public static bool Allowed(WebApplicationBuilder builder) =>
        builder.Environment.IsDevelopment() || builder.Host.Properties.ContainsKey(EmbeddedDemoProperty);

    /// <summary>Throws (the process does not start) when the demo signing key is configured where it is not allowed.</summary>
    public static void RefuseDemoSigningKey(WebApplicationBuilder builder)
    {
        if (Allowed(builder) || builder.Configuration[$"{AuthSettings.Section}:SigningKey"] != SigningKey) return;
        throw new InvalidOperationException(
            $"Auth:SigningKey is the published demo key, refused in the '{builder.Environment.EnvironmentName}' environment: " +
            "anyone could sign tokens with it. Set Auth__SigningKey from a secret (at least 32 random bytes), " +
            "or run in Development.");
    }
}
