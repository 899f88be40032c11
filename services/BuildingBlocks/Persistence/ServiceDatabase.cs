using BuildingBlocks.Hosting;
using BuildingBlocks.Messaging;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace BuildingBlocks.Persistence;

/// <summary>
/// Each service has one DbContext type and a subclass per provider, because EF Core keeps one migration set per
/// context type: the subclasses own the SQLite and PostgreSQL migrations; code only ever asks for <typeparamref name="TDb"/>.
/// </summary>
public static class ServiceDatabase
{
    public static IServiceCollection AddServiceDatabase<TDb, TSqlite, TPostgres>(
        this IServiceCollection services, IConfiguration configuration, string serviceName)
        where TDb : ServiceDbContext where TSqlite : TDb where TPostgres : TDb
    {
        var connectionString = DatabaseSetup.ConnectionString(configuration, serviceName);
        // Wakes the outbox dispatcher (and any other worker that asks) when a commit adds rows for it.
        services.AddSingleton<CommitSignals<TDb>>();
        services.AddSingleton<CommitSignalInterceptor<TDb>>();
        // Pooled: a new DbContext builds EF's whole graph of internal services, a visible share of a short request's CPU.
        if (DatabaseSetup.Provider(configuration) == DatabaseProvider.Postgres)
            services.AddDbContextPool<TDb, TPostgres>((provider, options) =>
                DatabaseSetup.UsePostgres(options, connectionString).AddInterceptors(provider.GetRequiredService<CommitSignalInterceptor<TDb>>()));
        else
            services.AddDbContextPool<TDb, TSqlite>((provider, options) =>
                DatabaseSetup.UseSqlite(options, connectionString).AddInterceptors(provider.GetRequiredService<CommitSignalInterceptor<TDb>>()));

        services.AddHostedService<OutboxDispatcher<TDb>>();
        services.AddSingleton(new OutboxOwner<TDb>(serviceName));
        services.AddSweep<OutboxBacklogSweep<TDb>>(provider => new SweepSchedule<OutboxBacklogSweep<TDb>>(
            provider.GetRequiredService<IOptions<OutboxOptions>>().Value.BacklogProbeInterval));
        services.AddHealthChecks()
            .AddDbContextCheck<TDb>($"{serviceName}-database", tags: ["ready"])
            .AddTypeActivatedCheck<OutboxBacklogHealthCheck>($"{serviceName}-outbox-backlog", null, ["ready"], serviceName);
        return services;
    }

    /// <summary>
    /// Applies pending migrations, then (PostgreSQL) the outbox's NOTIFY trigger. WAL lets the outbox dispatcher read
    /// while requests write.
    /// </summary>
    public static async Task MigrateAsync<TDb>(IServiceProvider services, CancellationToken cancellationToken = default)
        where TDb : ServiceDbContext
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TDb>();
        if (db.Database.IsSqlite())
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        await db.Database.MigrateAsync(cancellationToken);
        await OutboxNotifications.InstallAsync(db, cancellationToken);
    }
}
