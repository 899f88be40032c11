using System.Diagnostics;
using System.Collections.Concurrent;
using BuildingBlocks.Messaging;
using BuildingBlocks.Persistence;
using Contracts.Feedback;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using TestSupport;

namespace BuildingBlocks.Tests.Messaging;

public class OutboxTestDb(DbContextOptions options) : ServiceDbContext(options);
public sealed class PostgresOutboxTestDb(DbContextOptions<PostgresOutboxTestDb> options) : OutboxTestDb(options);
public sealed class SqliteOutboxTestDb(DbContextOptions<SqliteOutboxTestDb> options) : OutboxTestDb(options);

/// <summary>Every MessageId the consumers of all the test's services received, with how often.</summary>
public sealed class Received
{
    private readonly ConcurrentDictionary<Guid, int> _counts = new();
    private readonly ConcurrentDictionary<Guid, ActivityTraceId> _traces = new();

    public void Add(Guid messageId, ActivityTraceId? trace = null)
    {
        if (trace is { } id) _traces[messageId] = id; // before the count, which tells a waiting test it arrived
        _counts.AddOrUpdate(messageId, 1, (_, n) => n + 1);
    }

    /// <summary>The trace the consumer handled the message in, if one was recorded.</summary>
    public ActivityTraceId? TraceOf(Guid messageId) => _traces.TryGetValue(messageId, out var id) ? id : null;

    public int Of(Guid messageId) => _counts.GetValueOrDefault(messageId);

    public bool All(IEnumerable<Guid> messageIds) => messageIds.All(id => Of(id) > 0);
}

public sealed class RecordingConsumer(Received received) : IConsumer<OutcomeRecorded>
{
    public Task Consume(ConsumeContext<OutcomeRecorded> context)
    {
        received.Add(context.MessageId!.Value, Activity.Current?.TraceId);
        return Task.CompletedTask;
    }
}

/// <summary>
/// One replica of a service as far as its outbox goes: the production database wiring (pooled context, commit
/// signals, dispatcher) and bus (RabbitMQ, publisher confirms) in a generic host, on a test's PostgreSQL database and
/// vhost. Several replicas of one test share the database, the queue and <see cref="Received"/>.
/// </summary>
public sealed class OutboxService : IAsyncDisposable
{
    private readonly IHost _host;

    private OutboxService(IHost host) => _host = host;

    public IServiceProvider Services => _host.Services;

    public OutboxDispatcher<OutboxTestDb> Dispatcher =>
        _host.Services.GetServices<IHostedService>().OfType<OutboxDispatcher<OutboxTestDb>>().Single();

    /// <summary>A fresh database with the outbox tables and the NOTIFY trigger, as migration leaves them.</summary>
    public static async Task<string> CreateDatabase()
    {
        var connectionString = await Servers.CreateDatabase("outbox_dispatch");
        await using var db = new PostgresOutboxTestDb((DbContextOptions<PostgresOutboxTestDb>)
            DatabaseSetup.UsePostgres(new DbContextOptionsBuilder<PostgresOutboxTestDb>(), connectionString).Options);
        await db.Database.EnsureCreatedAsync();
        await OutboxNotifications.InstallAsync(db, default);
        return connectionString;
    }

    public static async Task<OutboxService> Start(string database, string virtualHost, Received received,
        TimeSpan pollInterval, bool dispatch = true, Action<HostApplicationBuilder>? configure = null,
        string service = "Outbox", string queue = "outbox-test-recording")
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:Provider"] = "Postgres",
            ["ConnectionStrings:Database"] = database,
            ["Bus:Transport"] = "RabbitMq",
            ["Bus:RabbitMq:Host"] = "127.0.0.1",
            ["Bus:RabbitMq:VirtualHost"] = virtualHost,
            ["Outbox:DispatchEnabled"] = dispatch.ToString(),
            ["Outbox:PollInterval"] = pollInterval.ToString(),
        });
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(received);
        builder.Services.AddServiceDatabase<OutboxTestDb, SqliteOutboxTestDb, PostgresOutboxTestDb>(builder.Configuration, service);
        builder.Services.AddServiceBus(builder.Configuration,
            bus => bus.AddConsumer<RecordingConsumer>().Endpoint(endpoint => endpoint.Name = queue));
        configure?.Invoke(builder);
        var host = builder.Build();
        await host.StartAsync();
        return new OutboxService(host);
    }

    /// <summary>Commits <paramref name="count"/> events in one SaveChanges, as a request would; returns their MessageIds.</summary>
    public async Task<List<Guid>> Commit(int count = 1)
    {
        await using var scope = _host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<OutboxTestDb>();
        var now = DateTimeOffset.UtcNow;
        for (var i = 0; i < count; i++) db.Publish(new OutcomeRecorded(Guid.NewGuid(), "baseline", null, null, now), now);
        var added = db.Outbox.Local.Select(m => m.MessageId).ToList();
        await db.SaveChangesAsync();
        return added;
    }

    public async Task<T> InDb<T>(Func<OutboxTestDb, Task<T>> read)
    {
        await using var scope = _host.Services.CreateAsyncScope();
        return await read(scope.ServiceProvider.GetRequiredService<OutboxTestDb>());
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }
}
