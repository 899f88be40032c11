using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Http.Json;
using BuildingBlocks.Auth;
using BuildingBlocks.Hosting;
using BuildingBlocks.Messaging;
using BuildingBlocks.Persistence;
using Contracts.Feedback;
using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TestSupport;

namespace BuildingBlocks.Tests.Messaging;

/// <summary>A consumer that fails while <see cref="Failing"/> is set, as a consumer meeting a bug or a bad message does.</summary>
public sealed class FaultingConsumer(FaultSwitch faults) : IConsumer<OutcomeRecorded>
{
    public Task Consume(ConsumeContext<OutcomeRecorded> context)
    {
        if (faults.Failing) throw new InvalidOperationException("The outcome could not be stored");
        faults.Consumed.Add(context.MessageId!.Value);
        return Task.CompletedTask;
    }
}

/// <summary>A service's database with a personal-data audit log, as Referrals' and Feedback's have.</summary>
public class AuditedTestDb(DbContextOptions options) : ServiceDbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.ApplyConfiguration(new AuditEntryConfiguration("audit_log"));
    }
}
public sealed class PostgresAuditedTestDb(DbContextOptions<PostgresAuditedTestDb> options) : AuditedTestDb(options);
public sealed class SqliteAuditedTestDb(DbContextOptions<SqliteAuditedTestDb> options) : AuditedTestDb(options);

public sealed class FaultSwitch
{
    public volatile bool Failing = true;
    public System.Collections.Concurrent.ConcurrentBag<Guid> Consumed { get; } = [];
}

/// <summary>
/// The error-queue gauge and the operators' moves over real RabbitMQ: a message that keeps failing lands in the
/// queue's <c>_error</c> queue (after the bus's retries), the gauge counts it, the tools describe it without its body,
/// a retry delivers it again, a discard removes it.
/// </summary>
public sealed class ErrorQueueTests : IAsyncLifetime
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(90);
    private readonly string _service = $"Faults{Guid.NewGuid():N}";
    private readonly FaultSwitch _faults = new();
    private string _virtualHost = "";
    private string _database = "";
    private WebApplication? _host;
    private Uri? _address;

    private string Queue => $"{_service.ToLowerInvariant()}-faulting";
    private string ErrorQueue => Queue + ErrorQueueOwner.Suffix;

    public async Task InitializeAsync()
    {
        _virtualHost = await Servers.CreateVirtualHost("errors");
        _database = await Servers.CreateDatabase("error_queues");
        await using (var db = new PostgresAuditedTestDb((DbContextOptions<PostgresAuditedTestDb>)
                         DatabaseSetup.UsePostgres(new DbContextOptionsBuilder<PostgresAuditedTestDb>(), _database).Options))
            await db.Database.EnsureCreatedAsync();

        // A service as ServiceHost builds one (defaults, database, bus on RabbitMQ) with the operators' routes.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Production" });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Auth:SigningKey"] = TestTokens.SigningKey,
            ["Database:Provider"] = "Postgres",
            ["ConnectionStrings:Database"] = _database,
            ["Outbox:DispatchEnabled"] = "false",
            ["Bus:Transport"] = "RabbitMq",
            ["Bus:RabbitMq:Host"] = "127.0.0.1",
            ["Bus:RabbitMq:VirtualHost"] = _virtualHost,
            ["ErrorQueues:ProbeInterval"] = "00:00:00.200",
        });
        builder.Services.AddServiceDefaults(builder.Configuration, _service);
        builder.Services.AddSingleton(_faults);
        builder.Services.AddSingleton(new ErrorQueueOwner(_service, [Queue]));
        builder.Services.AddServiceDatabase<AuditedTestDb, SqliteAuditedTestDb, PostgresAuditedTestDb>(builder.Configuration, _service);
        builder.Services.AddServiceBus(builder.Configuration, bus => bus.AddConsumer<FaultingConsumer>().Endpoint(e => e.Name = Queue));
        _host = builder.Build();
        _host.UseServiceDefaults();
        _host.MapGroup("/api/faults").MapErrorQueueOperations<AuditedTestDb>(_service);
        await _host.StartAsync();
        _address = new Uri(_host.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
    }

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.StopAsync();
            await _host.DisposeAsync();
        }
        await Servers.DeleteVirtualHost(_virtualHost);
        if (_database.Length > 0) await Servers.DropDatabase(_database);
    }

    private HttpClient As(string role, string? userId = null) =>
        new HttpClient { BaseAddress = _address }.As(TestTokens.For(role, userId: userId));

    [Fact]
    public async Task A_faulted_message_moves_the_gauge_is_described_without_its_body_and_a_retry_delivers_it_again()
    {
        using var gauge = new GaugeReader("error_queue.messages");
        await Eventually.Until(() => Task.FromResult(gauge.Read(_service, ErrorQueue) == 0), Deadline, "the first reading of an empty error queue");

        var referralId = Guid.NewGuid();
        var messageId = await Publish(referralId);
        await Eventually.Until(() => Task.FromResult(gauge.Read(_service, ErrorQueue) == 1), Deadline, "the gauge to count the faulted message");

        var queues = _host!.Services.GetRequiredService<IErrorQueues>();
        var listed = Assert.Single(await queues.PeekAsync(ErrorQueue, 50, default));
        Assert.Equal((messageId, "OutcomeRecorded", referralId), (listed.MessageId, listed.MessageType, listed.ReferralId));
        Assert.Equal(typeof(InvalidOperationException).FullName, listed.ExceptionType);
        Assert.Equal("The outcome could not be stored", listed.ExceptionMessage);
        Assert.NotNull(listed.FaultedAt);
        await InQueue(1, "looking returned it to the queue");

        _faults.Failing = false;
        Assert.Null(await queues.TakeAsync(ErrorQueue, Guid.NewGuid(), Queue, default)); // an unknown id moves nothing
        await InQueue(1, "the message left where it was");
        var retried = await queues.TakeAsync(ErrorQueue, messageId, Queue, default);
        Assert.Equal(messageId, retried?.MessageId);
        await Eventually.Until(() => Task.FromResult(_faults.Consumed.Contains(messageId)), Deadline, "the retried message consumed");
        await Eventually.Until(() => Task.FromResult(gauge.Read(_service, ErrorQueue) == 0), Deadline, "the gauge back to zero");
    }

    [Fact]
    public async Task A_discarded_message_leaves_the_error_queue_and_is_never_delivered()
    {
        var messageId = await Publish(Guid.NewGuid());
        var queues = _host!.Services.GetRequiredService<IErrorQueues>();
        await Eventually.Until(async () => await queues.DepthAsync(ErrorQueue, default) == 1, Deadline, "the message in the error queue");
        _faults.Failing = false;

        Assert.Equal(messageId, (await queues.TakeAsync(ErrorQueue, messageId, moveTo: null, default))?.MessageId);

        Assert.Equal(0, await queues.DepthAsync(ErrorQueue, default));
        await Task.Delay(TimeSpan.FromSeconds(1)); // a wrongly re-driven message would arrive well within this
        Assert.DoesNotContain(messageId, _faults.Consumed);
    }

    [Fact]
    public async Task An_admin_discards_over_HTTP_with_a_reason_kept_in_the_audit_log_and_others_are_refused()
    {
        var referralId = Guid.NewGuid();
        var messageId = await Publish(referralId);
        var queues = _host!.Services.GetRequiredService<IErrorQueues>();
        await Eventually.Until(async () => await queues.DepthAsync(ErrorQueue, default) == 1, Deadline, "the message in the error queue");
        var adminId = $"admin-{Guid.NewGuid():N}";
        using var admin = As(Roles.Admin, adminId);
        var discard = $"/api/faults/operations/error-queues/{ErrorQueue}/messages/{messageId}/discard";

        using (var curator = As(Roles.Curator))
            Assert.Equal(HttpStatusCode.Forbidden, (await curator.PostAsJsonAsync(discard, new { reason = "Not mine to drop" })).StatusCode);
        var listed = await admin.GetFromJsonAsync<ErrorQueuesView>("/api/faults/operations/error-queues");
        var queue = Assert.Single(listed!.Queues);
        Assert.Equal((ErrorQueue, Queue, 1L), (queue.Queue, queue.SourceQueue, queue.Depth));
        Assert.Equal(referralId, Assert.Single(queue.Messages).ReferralId);
        await InQueue(1, "the listed message returned to the queue");

        var noReason = await admin.PostAsJsonAsync(discard, new { reason = "" });
        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        Assert.Equal("application/problem+json", noReason.Content.Headers.ContentType?.MediaType);
        var otherQueue = await admin.PostAsJsonAsync($"/api/faults/operations/error-queues/someone-else_error/messages/{messageId}/discard", new { reason = "x" });
        Assert.Equal(HttpStatusCode.NotFound, otherQueue.StatusCode);
        await InQueue(1, "refused requests took nothing");

        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsJsonAsync(discard, new { reason = "Test outcome sent twice by the old importer" })).StatusCode);

        Assert.Equal(0, await queues.DepthAsync(ErrorQueue, default));
        await using var scope = _host.Services.CreateAsyncScope();
        var entry = await scope.ServiceProvider.GetRequiredService<AuditedTestDb>().Set<AuditEntry>().SingleAsync(e => e.ReferralId == referralId);
        Assert.Equal((adminId, Roles.Admin, "discard-message", "Test outcome sent twice by the old importer"),
            (entry.UserId, entry.UserRole, entry.Action, entry.Purpose));
        var again = await admin.PostAsJsonAsync(discard, new { reason = "Twice" });
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
    }

    /// <summary>Waits for the queue's depth: a message looked at and returned is counted again a moment later.</summary>
    private Task InQueue(long depth, string what) =>
        Eventually.Until(async () => await _host!.Services.GetRequiredService<IErrorQueues>().DepthAsync(ErrorQueue, default) == depth,
            TimeSpan.FromSeconds(10), what);

    private async Task<Guid> Publish(Guid referralId)
    {
        var messageId = NewId.NextGuid();
        await _host!.Services.GetRequiredService<IBus>().Publish(
            new OutcomeRecorded(referralId, "baseline", 12, null, DateTimeOffset.UtcNow), context => context.MessageId = messageId);
        return messageId;
    }

    /// <summary>Reads an observable gauge of the system's meter as a scrape would (the exporter does the same).</summary>
    private sealed class GaugeReader : IDisposable
    {
        private readonly MeterListener _listener = new();
        private readonly Dictionary<(string, string), long> _values = [];

        public GaugeReader(string name)
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == ServiceTelemetry.Name && instrument.Name == name) listener.EnableMeasurementEvents(instrument);
            };
            _listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
            {
                string? service = null, queue = null;
                foreach (var tag in tags)
                    if (tag.Key == "service") service = tag.Value as string;
                    else if (tag.Key == "queue") queue = tag.Value as string;
                _values[(service ?? "", queue ?? "")] = value;
            });
            _listener.Start();
        }

        public long? Read(string service, string queue)
        {
            _values.Clear();
            _listener.RecordObservableInstruments();
            return _values.TryGetValue((service, queue), out var value) ? value : null;
        }

        public void Dispose() => _listener.Dispose();
    }
}
