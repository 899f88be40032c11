using BuildingBlocks.Auth;
using BuildingBlocks.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql;
using Portal.Identity;

namespace Portal.Tests.Identity;

/// <summary>
/// The sign-in store is migrated. A store made before migrations existed (by EnsureCreated: the first migration's
/// tables, no history) is baselined and brought up to date with its accounts kept, on SQLite and PostgreSQL.
/// </summary>
public sealed class PortalDatabaseTests
{
    [Fact]
    public async Task A_sqlite_store_made_by_EnsureCreated_is_baselined_and_migrated_keeping_its_accounts()
    {
        var file = Path.Combine(Path.GetTempPath(), $"portal-baseline-{Guid.NewGuid():N}.db");
        var options = new DbContextOptionsBuilder<SqlitePortalDb>();
        DatabaseSetup.UseSqlite(options, $"Data Source={file};Pooling=false");
        try
        {
            await AssertBaselinedAndMigrated(() => new SqlitePortalDb(options.Options));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task A_postgres_store_made_by_EnsureCreated_is_baselined_and_migrated_keeping_its_accounts()
    {
        const string admin = "Host=127.0.0.1;Port=5432;Username=postgres;Password=postgres;Database=postgres;Pooling=false";
        var name = $"portal_baseline_{Guid.NewGuid():N}"[..40];
        await Execute(admin, $"CREATE DATABASE \"{name}\"");
        var options = new DbContextOptionsBuilder<PostgresPortalDb>();
        DatabaseSetup.UsePostgres(options, $"Host=127.0.0.1;Port=5432;Username=postgres;Password=postgres;Database={name};Pooling=false");
        try
        {
            await AssertBaselinedAndMigrated(() => new PostgresPortalDb(options.Options));
        }
        finally
        {
            await Execute(admin, $"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");
        }
    }

    [Fact]
    public async Task A_new_store_is_migrated_from_nothing_and_a_second_start_changes_nothing()
    {
        var file = Path.Combine(Path.GetTempPath(), $"portal-new-{Guid.NewGuid():N}.db");
        var options = new DbContextOptionsBuilder<SqlitePortalDb>();
        DatabaseSetup.UseSqlite(options, $"Data Source={file};Pooling=false");
        try
        {
            await using (var db = new SqlitePortalDb(options.Options)) await PortalDatabase.MigrateAsync(db, CancellationToken.None);
            await using (var db = new SqlitePortalDb(options.Options))
            {
                Assert.False(await PortalDatabase.BaselineAsync(db, CancellationToken.None));
                await PortalDatabase.MigrateAsync(db, CancellationToken.None);
                Assert.Equal(db.Database.GetMigrations(), await db.Database.GetAppliedMigrationsAsync());
            }
        }
        finally
        {
            File.Delete(file);
        }
    }

    /// <summary>
    /// Makes the store as the old portal did: the first migration's schema (what EnsureCreated built from the same
    /// model) without a migrations history, and an account in it.
    /// </summary>
    private static async Task AssertBaselinedAndMigrated(Func<PortalDb> open)
    {
        await using (var db = open())
        {
            var first = db.Database.GetMigrations().First();
            await db.GetService<IMigrator>().MigrateAsync(first);
            await db.Database.ExecuteSqlRawAsync("DROP TABLE \"__EFMigrationsHistory\"");
            // Written with the first migration's columns only: today's model has columns that store never had.
            await db.Database.ExecuteSqlAsync($"""
                INSERT INTO "AspNetUsers" (id, user_name, normalized_user_name, email, normalized_email, email_confirmed,
                    security_stamp, phone_number_confirmed, two_factor_enabled, lockout_enabled, access_failed_count, display_name, role)
                VALUES ({"kept-account"}, {"kept@example.org"}, {"KEPT@EXAMPLE.ORG"}, {"kept@example.org"}, {"KEPT@EXAMPLE.ORG"}, {false},
                    {Guid.NewGuid().ToString()}, {false}, {false}, {true}, {0}, {"Kept Account"}, {Roles.Curator})
                """);
            Assert.Empty(await db.Database.GetAppliedMigrationsAsync());
        }

        await using (var db = open())
        {
            Assert.True(await PortalDatabase.BaselineAsync(db, CancellationToken.None));
            Assert.Equal([db.Database.GetMigrations().First()], await db.Database.GetAppliedMigrationsAsync());
            await PortalDatabase.MigrateAsync(db, CancellationToken.None);

            Assert.Equal(db.Database.GetMigrations(), await db.Database.GetAppliedMigrationsAsync());
            var kept = await db.Users.SingleAsync();
            Assert.Equal(("Kept Account", Roles.Curator), (kept.DisplayName, kept.Role));
            Assert.Equal(0, await db.Set<AccountAuditEntry>().CountAsync());
        }
    }

    private static async Task Execute(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
