using FeedbackService.Data;
using FeedbackService.Notifications;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Feedback.Tests.Support;

/// <summary>
/// Feedback's database, migrated, on one open in-memory SQLite connection, with the clock, the options and the
/// notifier: for tests of the notification parts without a host. The database goes when this is disposed.
/// </summary>
public sealed class InMemoryFeedbackDb : IAsyncDisposable
{
    private readonly SqliteConnection _connection = new("Data Source=:memory:");

    public ServiceProvider Services { get; private set; } = null!;

    private InMemoryFeedbackDb() { }

    /// <param name="more">Services the test adds (a channel to send through).</param>
    public static async Task<InMemoryFeedbackDb> Start(TimeProvider clock, FeedbackOptions options, IInterceptor interceptor,
        Action<IServiceCollection>? more = null)
    {
        var feedback = new InMemoryFeedbackDb();
        await feedback._connection.OpenAsync();
        var services = new ServiceCollection()
            .AddDbContext<FeedbackDb, SqliteFeedbackDb>(o => o.UseSqlite(feedback._connection).UseSnakeCaseNamingConvention().AddInterceptors(interceptor))
            .AddSingleton(clock)
            .AddSingleton(Options.Create(options))
            .AddScoped<Notifier>();
        more?.Invoke(services);
        feedback.Services = services.BuildServiceProvider();
        await using var scope = feedback.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<FeedbackDb>().Database.MigrateAsync();
        return feedback;
    }

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        await _connection.DisposeAsync();
    }
}
