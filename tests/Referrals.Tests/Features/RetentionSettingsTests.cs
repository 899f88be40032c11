using System.Net;
using System.Net.Http.Json;
using BuildingBlocks.Auth;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ReferralsService;
using ReferralsService.Jobs;
using TestSupport;
using static Referrals.Tests.Features.ReferralsApi;

namespace Referrals.Tests.Features;

/// <summary>Retention of one day in configuration, so a period an admin sets is plainly a different one.</summary>
public sealed class OneDayRetentionApi : ServiceApi<ReferralsModule>
{
    protected override void ConfigureSettings(IWebHostBuilder builder)
    {
        builder.UseSetting("Referrals:AnonymiseClosedAfterDays", "1");
        builder.UseSetting("Referrals:SweepInterval", "01:00:00"); // the tests run the sweep themselves
    }
}

/// <summary>Its own database: it starts from the configured default, which the other tests' changes would hide.</summary>
public sealed class FreshRetentionApi : ServiceApi<ReferralsModule>
{
    protected override void ConfigureSettings(IWebHostBuilder builder) =>
        builder.UseSetting("Referrals:AnonymiseClosedAfterDays", "400");
}

/// <summary>The configured period is the default until an admin sets one; each change is kept with who made it.</summary>
public sealed class RetentionDefaultTests(FreshRetentionApi api) : IClassFixture<FreshRetentionApi>
{
    [Fact]
    public async Task The_configured_period_applies_until_an_admin_sets_one_and_each_change_records_who_from_and_to()
    {
        using var admin = api.ClientAs(TestTokens.For(Roles.Admin, userId: "admin-retention"));

        var before = await (await admin.GetAsync("/api/referrals/settings/retention")).Json();
        Assert.Equal((400, 400, true), (before.GetProperty("days").GetInt32(), before.GetProperty("defaultDays").GetInt32(),
            before.GetProperty("isDefault").GetBoolean()));
        Assert.Equal(0, before.GetProperty("changes").GetArrayLength());

        var set = await admin.PutAsJsonAsync("/api/referrals/settings/retention", new { days = 730 });
        Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        var after = await (await admin.GetAsync("/api/referrals/settings/retention")).Json();
        Assert.Equal((730, 400, false), (after.GetProperty("days").GetInt32(), after.GetProperty("defaultDays").GetInt32(),
            after.GetProperty("isDefault").GetBoolean()));
        var change = after.GetProperty("changes")[0];
        Assert.Equal((400, 730), (change.GetProperty("previousDays").GetInt32(), change.GetProperty("days").GetInt32()));
        Assert.False(string.IsNullOrEmpty(change.GetProperty("changedBy").GetString()));
        var stored = await api.Db(db => db.RetentionPeriodChanges.SingleAsync());
        Assert.Equal("admin-retention", stored.ChangedById);
    }
}

/// <summary>Admins set the retention period through the API, within bounds, and the sweep applies it.</summary>
public sealed class RetentionSettingsTests(OneDayRetentionApi api) : IClassFixture<OneDayRetentionApi>
{
    private HttpClient Admin() => api.ClientAs(TestTokens.For(Roles.Admin, userId: "admin-retention"));

    [Theory]
    [InlineData(29)]
    [InlineData(3651)]
    [InlineData(0)] // off only by configuration: a slip on the page must not keep personal data for ever
    [InlineData(-5)]
    [InlineData(null)]
    public async Task A_period_out_of_bounds_is_a_400_naming_days_and_changes_nothing(int? days)
    {
        using var admin = Admin();
        var changesBefore = await api.Db(db => db.RetentionPeriodChanges.CountAsync());

        var problem = await (await admin.PutAsJsonAsync("/api/referrals/settings/retention", new { days })).Problem(HttpStatusCode.BadRequest);

        Assert.True(problem.GetProperty("errors").TryGetProperty("days", out _), problem.ToString());
        Assert.Equal(changesBefore, await api.Db(db => db.RetentionPeriodChanges.CountAsync()));
    }

    [Theory]
    [InlineData(Roles.Curator)]
    [InlineData(Roles.Practitioner)]
    [InlineData(Roles.Provider)]
    [InlineData(Roles.Resident)]
    public async Task Only_an_admin_reads_or_changes_the_retention_period(string role)
    {
        using var http = api.ClientAs(TestTokens.For(role, role == Roles.Provider ? ProviderOrg : null));
        var changesBefore = await api.Db(db => db.RetentionPeriodChanges.CountAsync());

        await (await http.GetAsync("/api/referrals/settings/retention")).Problem(HttpStatusCode.Forbidden);
        await (await http.PutAsJsonAsync("/api/referrals/settings/retention", new { days = 90 })).Problem(HttpStatusCode.Forbidden);

        Assert.Equal(changesBefore, await api.Db(db => db.RetentionPeriodChanges.CountAsync()));
    }

    [Fact]
    public async Task The_sweep_keeps_a_closed_referral_for_the_period_an_admin_set_not_the_configured_one()
    {
        using var admin = Admin();
        (await admin.PutAsJsonAsync("/api/referrals/settings/retention", new { days = 30 })).EnsureSuccessStatusCode();
        var service = await api.ListService();
        var id = await api.Requested(service, Person("Kept", "Longer", "1961-01-01"));
        using var referrer = api.ClientAs(Practitioner());
        (await referrer.Post(id, "cancel", new { reason = "Moved away" })).EnsureSuccessStatusCode();

        await Sweep(DateTimeOffset.UtcNow.AddDays(2)); // past the configured day, within the admin's 30
        Assert.Null(await api.Db(db => db.Referrals.Where(r => r.Id == id).Select(r => r.AnonymisedAt).SingleAsync()));

        await Sweep(DateTimeOffset.UtcNow.AddDays(31));
        Assert.NotNull(await api.Db(db => db.Referrals.Where(r => r.Id == id).Select(r => r.AnonymisedAt).SingleAsync()));
    }

    private async Task Sweep(DateTimeOffset now)
    {
        await using var scope = api.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<RetentionSweep>().RunAsync(now, CancellationToken.None);
    }
}
