using BuildingBlocks.Auth;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;

namespace BuildingBlocks.Tests.Auth;

public sealed class DemoSecretsTests
{
    private static WebApplicationBuilder Builder(string environment, string signingKey)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = environment });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Auth:SigningKey"] = signingKey });
        return builder;
    }

    [Theory]
    [InlineData("Production")]
    [InlineData("Staging")]
    public void The_demo_signing_key_outside_Development_stops_the_start_naming_the_setting(string environment)
    {
        var refused = Assert.Throws<InvalidOperationException>(() => DemoSecrets.RefuseDemoSigningKey(Builder(environment, DemoSecrets.SigningKey)));

        Assert.Contains("Auth:SigningKey", refused.Message);
        Assert.Contains(environment, refused.Message);
    }

    [Fact]
    public void The_demo_signing_key_is_accepted_in_Development() =>
        DemoSecrets.RefuseDemoSigningKey(Builder("Development", DemoSecrets.SigningKey));

    [Fact]
    public void The_embedded_demo_may_use_the_demo_signing_key_in_any_environment()
    {
        var builder = Builder("Production", DemoSecrets.SigningKey);
        DemoSecrets.AllowInEmbeddedDemo(builder);

        DemoSecrets.RefuseDemoSigningKey(builder);
    }

    [Fact]
    public void A_key_of_its_own_is_accepted_in_Production() =>
        DemoSecrets.RefuseDemoSigningKey(Builder("Production", "a-production-key-from-a-secret-0123456789abcdef"));
}
