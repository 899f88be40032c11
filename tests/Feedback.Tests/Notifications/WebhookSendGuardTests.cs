using System.Net;
using Feedback.Tests.Support;
using FeedbackService.Data;
using FeedbackService.Domain;
using FeedbackService.Notifications;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Feedback.Tests.Notifications;

/// <summary>
/// The send-time guard: the webhook channel with its real HTTP handler, a receiver on loopback, and a stand-in DNS
/// that answers for a public-looking name, so the check on the resolved address is what stops the request (as it
/// would a name whose DNS answer changed after registration). Nothing here leaves the machine: a refused send
/// never connects.
/// </summary>
public sealed class WebhookSendGuardTests : IAsyncLifetime
{
    private const string Host = "gp-system.example.org";
    private readonly SqliteConnection _connection = new("Data Source=:memory:");
    private WebhookReceiver _receiver = null!;
    private int _port;

    public async Task InitializeAsync()
    {
        await _connection.OpenAsync();
        _receiver = await WebhookReceiver.Start("receiver-secret-0123456789");
        _port = new Uri(_receiver.Url).Port;
    }

    public async Task DisposeAsync()
    {
        await _receiver.DisposeAsync();
        await _connection.DisposeAsync();
    }

    private static Task<IPAddress[]> Resolve(params string[] addresses) => Task.FromResult(addresses.Select(IPAddress.Parse).ToArray());

    private async Task<HttpStatusCode> Post(WebhookOptions options, string url, WebhookHttpHandler.Resolver resolve)
    {
        using var http = new HttpClient(WebhookHttpHandler.Create(options, resolve));
        using var response = await http.PostAsync(url, new StringContent("{}"));
        return response.StatusCode;
    }

    [Fact]
    public async Task A_name_that_resolves_to_loopback_is_refused_without_connecting()
    {
        var failure = await Assert.ThrowsAsync<HttpRequestException>(() =>
            Post(new WebhookOptions { AllowInsecureHttp = true }, $"http://{Host}:{_port}/hook", (_, _) => Resolve("127.0.0.1")));

        Assert.IsType<WebhookDestinationRefusedException>(failure.InnerException);
        Assert.Empty(_receiver.Verified);
        Assert.Empty(_receiver.Rejected);
    }

    [Theory]
    [InlineData("93.184.215.14", "127.0.0.1")]
    [InlineData("93.184.215.14", "169.254.169.254")]
    [InlineData("2606:2800:21f:cb07:6820:80da:af6b:8b2c", "::ffff:10.0.0.5")]
    public async Task A_name_with_any_non_public_address_is_refused_even_beside_public_ones(string publicAddress, string privateAddress)
    {
        var failure = await Assert.ThrowsAsync<HttpRequestException>(() =>
            Post(new WebhookOptions(), $"https://{Host}/hook", (_, _) => Resolve(publicAddress, privateAddress)));

        Assert.IsType<WebhookDestinationRefusedException>(failure.InnerException);
    }

    [Fact]
    public async Task A_loopback_address_literal_is_refused_at_connect_too()
    {
        var failure = await Assert.ThrowsAsync<HttpRequestException>(() =>
            Post(new WebhookOptions { AllowInsecureHttp = true }, _receiver.Url, (_, _) => throw new InvalidOperationException("no lookup for a literal")));

        Assert.IsType<WebhookDestinationRefusedException>(failure.InnerException);
        Assert.Empty(_receiver.Rejected);
    }

    [Fact]
    public async Task With_private_networks_allowed_it_connects_to_the_address_it_resolved()
    {
        var status = await Post(new WebhookOptions { AllowInsecureHttp = true, AllowPrivateNetworks = true },
            $"http://{Host}:{_port}/hook", (_, _) => Resolve("127.0.0.1"));

        Assert.Equal(HttpStatusCode.Unauthorized, status); // the receiver answered: an unsigned body
        Assert.Single(_receiver.Rejected);
    }

    [Theory]
    [InlineData("http://{host}:{port}/hook")]
    [InlineData("https://169.254.169.254/latest/meta-data/")]
    [InlineData("http://127.0.0.1:{port}/hook")]
    public async Task A_refused_send_is_a_permanent_failure_whose_reason_names_no_address(string template)
    {
        var url = template.Replace("{host}", Host).Replace("{port}", _port.ToString());
        var options = new FeedbackOptions { Webhooks = new WebhookOptions { AllowInsecureHttp = true } };
        await using var services = Services(options);
        var subscriptionId = await Subscribe(services, url);
        await using var scope = services.CreateAsyncScope();
        var channel = ActivatorUtilities.CreateInstance<WebhookChannel>(scope.ServiceProvider);

        var failure = await Assert.ThrowsAsync<DeliveryFailedException>(() => channel.SendAsync(Message(subscriptionId), CancellationToken.None));

        Assert.True(failure.Permanent);
        Assert.Contains("refused", failure.Message);
        Assert.DoesNotContain(Host, failure.Message);
        Assert.DoesNotContain("169.254", failure.Message);
        Assert.DoesNotContain("127.0", failure.Message);
        Assert.Empty(_receiver.Verified);
        Assert.Empty(_receiver.Rejected);
    }

    [Fact]
    public async Task A_redirect_is_not_followed_and_is_a_permanent_failure()
    {
        var followed = 0;
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        await using var app = builder.Build();
        app.MapPost("/hook", (HttpRequest request) => Results.Redirect($"http://{request.Host}/inside", permanent: false, preserveMethod: true));
        app.MapPost("/inside", () => { Interlocked.Increment(ref followed); return Results.Ok(); });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var options = new FeedbackOptions { Webhooks = new WebhookOptions { AllowInsecureHttp = true, AllowPrivateNetworks = true } };
        await using var services = Services(options);
        var subscriptionId = await Subscribe(services, $"{address}/hook");
        await using var scope = services.CreateAsyncScope();
        var channel = ActivatorUtilities.CreateInstance<WebhookChannel>(scope.ServiceProvider);

        var failure = await Assert.ThrowsAsync<DeliveryFailedException>(() => channel.SendAsync(Message(subscriptionId), CancellationToken.None));

        Assert.True(failure.Permanent);
        Assert.Contains("307", failure.Message);
        Assert.Equal(0, followed);
        await app.StopAsync();
    }

    private static OutgoingMessage Message(Guid subscriptionId) =>
        new(Guid.NewGuid(), Channels.Webhook, "gp-1", subscriptionId.ToString(), "referral-accepted", Guid.NewGuid(),
            "Referral accepted", "Lunch Club accepted the referral.", DateTimeOffset.UtcNow);

    private ServiceProvider Services(FeedbackOptions options)
    {
        var services = new ServiceCollection()
            .AddDbContext<FeedbackDb, SqliteFeedbackDb>(o => o.UseSqlite(_connection).UseSnakeCaseNamingConvention())
            .AddSingleton(TimeProvider.System)
            .AddSingleton(Options.Create(options));
        services.AddHttpClient(WebhookChannel.HttpClientName)
            .ConfigurePrimaryHttpMessageHandler(() => WebhookHttpHandler.Create(options.Webhooks, (_, _) => Resolve("127.0.0.1")));
        return services.BuildServiceProvider();
    }

    private static async Task<Guid> Subscribe(ServiceProvider services, string url)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FeedbackDb>();
        await db.Database.MigrateAsync();
        // Stored directly, as a row from before the rule or from a name whose DNS answer has changed since.
        var subscription = db.Webhooks.Add(new WebhookSubscription("gp-1", url, "receiver-secret-0123456789", ["*"], DateTimeOffset.UtcNow)).Entity;
        await db.SaveChangesAsync();
        return subscription.Id;
    }
}
