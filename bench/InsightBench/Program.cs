// How long the insight tables take at 100,000 referrals of history (issue #18: the dashboard within 300 ms).
// usage: dotnet run -c Release --project bench/InsightBench [referrals]   (PostgreSQL on 127.0.0.1:5432, postgres/postgres)
using System.Diagnostics;
using BuildingBlocks.Persistence;
using BuildingBlocks.Time;
using Contracts.Directory;
using Contracts.Feedback;
using Contracts.Referrals;
using FeedbackService.Data;
using FeedbackService.Insights;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

var referrals = args.Length > 0 ? int.Parse(args[0]) : 100_000;
const string Admin = "Host=127.0.0.1;Port=5432;Username=postgres;Password=postgres;Database=postgres;Timeout=60;Command Timeout=600";
var name = $"insight_bench_{Guid.NewGuid():N}"[..30];
await Sql(Admin, $"CREATE DATABASE \"{name}\"");
var connection = $"Host=127.0.0.1;Port=5432;Username=postgres;Password=postgres;Database={name};Timeout=60;Command Timeout=600";
try
{
    var services = new ServiceCollection().AddLogging()
        .AddDbContext<FeedbackDb, PostgresFeedbackDb>(o => DatabaseSetup.UsePostgres(o, connection))
        .AddSingleton(TimeProvider.System).AddScoped<InsightMetrics>().AddScoped<InsightRollup>().BuildServiceProvider();
    await ServiceDatabase.MigrateAsync<FeedbackDb>(services);
    var now = DateTimeOffset.UtcNow;
    var random = new Random(18);
    var wards = Enumerable.Range(1, 14).Select(i => $"Ward {i:00}").ToArray();
    var categories = Enumerable.Range(1, 20).Select(i => $"category-{(char)('a' + i)}").ToArray();
    var activities = Enumerable.Range(0, 120).Select(i => (Id: Guid.NewGuid(), Name: $"Activity {i}",
        Wards: wards.OrderBy(_ => random.Next()).Take(random.Next(1, 3)).ToArray(),
        Categories: categories.OrderBy(_ => random.Next()).Take(random.Next(1, 4)).ToArray())).ToArray();
    var loading = Stopwatch.StartNew();
    await using (var scope = services.CreateAsyncScope())
    {
        var db = scope.ServiceProvider.GetRequiredService<FeedbackDb>();
        foreach (var (a, i) in activities.Select((a, i) => (a, i)))
            db.Add(new InsightActivity(a.Id)).Entity.Apply(a.Name, ReferralAcceptance.Yes, a.Wards, a.Categories, now.AddYears(-4), $"Provider {i % 30}",
                new ListingSupply(i % 2 == 0, i % 3 == 0, i % 4 == 0, i % 5 == 0, i % 6, now.AddDays(-i * 2)));
        await db.SaveChangesAsync();
    }
    var (sessions, outcomes, searches) = (0, 0, 0);
    for (var done = 0; done < referrals; done += 5_000)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FeedbackDb>();
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        for (var i = done; i < Math.Min(referrals, done + 5_000); i++)
        {
            var a = activities[random.Next(activities.Length)];
            var id = Guid.NewGuid();
            var at = now.AddMinutes(-random.Next(0, 3 * 365 * 24 * 60));
            ReferralStatusChanged Move(string to, DateTimeOffset when) => new(id, a.Id, Guid.Empty, "r", "x", to, null, "s", false, when, "practitioner", $"team-{i % 25}");
            var referral = db.Add(new InsightReferral(id)).Entity;
            referral.Apply(Move(ReferralStatuses.Requested, at));
            if (random.Next(10) == 0) { referral.Apply(Move(ReferralStatuses.Rejected, at.AddDays(3))); continue; }
            referral.Apply(Move(ReferralStatuses.Accepted, at.AddHours(random.Next(2, 300))));
            var day = InsightSearch.UkDay(at.AddDays(7));
            for (var s = random.Next(0, 4); s > 0; s--, day = day.AddDays(7), sessions++)
                db.Add(new InsightSession(id, day)).Entity.Apply(a.Id, random.Next(5) == 0 ? "did-not-attend" : "attended", at);
            if (random.Next(2) == 0) continue;
            referral.Apply(Move(ReferralStatuses.Completed, at.AddDays(40)));
            db.Add(new InsightOutcome(id, "baseline")).Entity.Apply(random.Next(10, 30), random.Next(4, 10), at.AddDays(7));
            db.Add(new InsightOutcome(id, "follow-up")).Entity.Apply(random.Next(10, 36), random.Next(3, 9), at.AddDays(40));
            outcomes += 2;
        }
        for (var i = 0; i < 10_000; i++, searches++)
            db.Add(new InsightSearch(new SearchPerformed(Guid.NewGuid(), wards[random.Next(wards.Length)], [categories[random.Next(categories.Length)]],
                random.Next(0, 20), random.Next(5) == 0, false, random.Next(5) == 0 ? ["sailing"] : [],
                now.AddMinutes(-random.Next(0, 3 * 365 * 24 * 60))), random.Next(5) == 0 ? ["sailing"] : []));
        db.ChangeTracker.DetectChanges();
        await db.SaveChangesAsync();
    }
    Console.WriteLine($"Loaded {referrals:N0} referrals, {sessions:N0} sessions, {outcomes:N0} outcomes, {searches:N0} searches, " +
                      $"{activities.Length} activities in {loading.Elapsed.TotalSeconds:0} s");
    await Sql(connection, "ANALYZE");
    // What the rollup sweep does at start on an existing system (the migration marked every month): every past month.
    var rolling = Stopwatch.StartNew();
    await using (var scope = services.CreateAsyncScope())
        Console.WriteLine($"Rolled up {await scope.ServiceProvider.GetRequiredService<InsightRollup>().RunAsync(now, CancellationToken.None)} months " +
                          $"in {rolling.Elapsed.TotalSeconds:0.0} s");
    await Sql(connection, "ANALYZE");

    var today = UkTime.Today(TimeProvider.System);
    var cases = new (string Name, InsightFilter Filter)[]
    {
        ("last 90 days, all wards", new(today.AddDays(-89), today, null)),
        ("last 90 days, one ward", new(today.AddDays(-89), today, "Ward 03")),
        ("last 365 days, all wards", new(today.AddDays(-364), today, null)),
        ("last 365 days, one ward", new(today.AddDays(-364), today, "Ward 03")),
        ("3 years (all of it), all wards", new(today.AddDays(-1095), today, null)),
        ("3 years (all of it), one ward", new(today.AddDays(-1095), today, "Ward 03")),
    };
    // Each case both ways, turn about (so a burst of load on the shared machine falls on both): every table counted
    // from the raw rows (as before the rollups), and with the rolled-up months read from their rollups. The two
    // answers must be the same, table for table.
    Console.WriteLine($"Load average before: {File.ReadAllText("/proc/loadavg").Trim()}");
    Console.WriteLine("| Period | Referrals in it | Raw rows: median (ms) | Raw rows: slowest of 7 | Rollups: median (ms) | Rollups: slowest of 7 | Raw ÷ rollups (medians) |");
    Console.WriteLine("|---|---|---|---|---|---|---|");
    foreach (var (label, filter) in cases)
    {
        var times = new Dictionary<bool, List<double>> { [false] = [], [true] = [] };
        var answers = new Dictionary<bool, string>();
        var inPeriod = 0;
        for (var run = 0; run < 8; run++)
            foreach (var rolledUp in new[] { run % 2 == 0, run % 2 != 0 })
            {
                await using var scope = services.CreateAsyncScope();
                var metrics = scope.ServiceProvider.GetRequiredService<InsightMetrics>();
                var watch = Stopwatch.StartNew();
                var report = await metrics.ReportAsync(filter, CancellationToken.None, rolledUp);
                var tables = report.Tables;
                _ = tables.Select(t => t.Suppressed()).ToList();
                watch.Stop();
                if (run > 0) { times[rolledUp].Add(watch.Elapsed.TotalMilliseconds); continue; } // the first of each is a warm-up
                inPeriod = tables.Single(t => t.Name == "funnel-by-team").Rows.Sum(r => (int)r[1]!);
                answers[rolledUp] = System.Text.Json.JsonSerializer.Serialize(new { tables, report.Wards });
            }
        if (answers[true] != answers[false]) throw new InvalidOperationException($"{label}: the rollups' answer differs from the raw rows'");
        foreach (var t in times.Values) t.Sort();
        var (raw, rolled) = (times[false], times[true]);
        Console.WriteLine($"| {label} | {inPeriod:N0} | {raw[raw.Count / 2]:0} | {raw[^1]:0} | **{rolled[rolled.Count / 2]:0}** | {rolled[^1]:0} | " +
                          $"{raw[raw.Count / 2] / rolled[rolled.Count / 2]:0.0} |");
    }
    Console.WriteLine($"Load average after: {File.ReadAllText("/proc/loadavg").Trim()}");
}
finally
{
    NpgsqlConnection.ClearAllPools();
    // INSIGHT_BENCH_KEEP=1 keeps the loaded database (to look at the queries' plans); it is dropped otherwise.
    if (Environment.GetEnvironmentVariable("INSIGHT_BENCH_KEEP") == "1") Console.WriteLine($"Kept database {name}");
    else await Sql(Admin, $"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");
}

static async Task Sql(string connectionString, string sql)
{
    await using var c = new NpgsqlConnection(connectionString);
    await c.OpenAsync();
    await using var command = new NpgsqlCommand(sql, c);
    await command.ExecuteNonQueryAsync();
}
