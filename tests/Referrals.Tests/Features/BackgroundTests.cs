using BuildingBlocks.Hosting;
using System.Net;
using Contracts.Directory;
using Contracts.Feedback;
using MassTransit;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ReferralsService;
using ReferralsService.Jobs;
using TestSupport;
using static Referrals.Tests.Features.ReferralsApi;

namespace Referrals.Tests.Features;

/// <summary>The service with a zero-day response deadline, so a requested referral is overdue at once.</summary>
public sealed class ZeroDeadlineApi : ServiceApi<ReferralsModule>
{
    protected override void ConfigureSettings(IWebHostBuilder builder)
    {
        builder.UseSetting("Referrals:ResponseDeadlineDays", "0");
        builder.UseSetting("Referrals:ReminderBeforeDays", "0");
        builder.UseSetting("Referrals:AnonymiseClosedAfterDays", "1");
        builder.UseSetting("Referrals:SweepInterval", "01:00:00"); // the tests run the sweeps themselves
    }
}

/// <summary>Deadlines, retention, and what arrives from Directory and Feedback over the bus.</summary>
public sealed class BackgroundTests(ZeroDeadlineApi api) : IClassFixture<ZeroDeadlineApi>
{
    private async Task<int> Sweep<TSweep>(DateTimeOffset now) where TSweep : ISweep
    {
        await using var scope = api.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<TSweep>().RunAsync(now, CancellationToken.None);
    }

    private static ServiceApi<ReferralsModule> Api(ZeroDeadlineApi api) => api;

    [Fact]
    public async Task An_unanswered_referral_is_marked_overdue_and_the_sweep_reminds_and_escalates_once()
    {
        var id = await Api(api).Requested(await Api(api).ListService());
        using var referrer = api.ClientAs(Practitioner());
        using var provider = api.ClientAs(Provider());

        await Sweep<DeadlineSweep>(DateTimeOffset.UtcNow.AddMinutes(1));
        await Sweep<DeadlineSweep>(DateTimeOffset.UtcNow.AddMinutes(2));

        Assert.Equal(1, await Api(api).OutboxCount("ReferralResponseDue", id));
        Assert.Equal(1, await Api(api).OutboxCount("ReferralEscalated", id));
        Assert.True((await (await referrer.GetAsync($"/api/referrals/{id}")).Json()).GetProperty("flags").GetProperty("overdue").GetBoolean());
        var queue = await (await provider.GetAsync("/api/referrals/incoming?status=requested")).Json();
        Assert.True(queue.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("id").GetGuid() == id).GetProperty("overdue").GetBoolean());
    }

    [Fact]
    public async Task Suspending_a_service_flags_its_open_referrals_and_tells_each_referrer()
    {
        var service = await Api(api).ListService();
        var open = await Api(api).Requested(service, Person("Open", "One", "1962-01-01"));
        var closed = await Api(api).Requested(service, Person("Closed", "One", "1963-01-01"));
        using var referrer = api.ClientAs(Practitioner());
        await referrer.Post(closed, "cancel", new { reason = "Not needed" });

        await api.Services.GetRequiredService<IBus>().Publish(new ServiceSuspended(service, "Hall flooded", "Thursday club at St Mary's", DateTimeOffset.UtcNow));

        await Eventually.Until(async () => await Api(api).OutboxCount("ReferralServiceUnavailable", open) == 1, TimeSpan.FromSeconds(30),
            "the suspension to reach the open referral");
        var flags = (await (await referrer.GetAsync($"/api/referrals/{open}")).Json()).GetProperty("flags");
        Assert.Equal("Hall flooded", flags.GetProperty("serviceUnavailable").GetProperty("note").GetString());
        Assert.Equal("Thursday club at St Mary's", flags.GetProperty("serviceUnavailable").GetProperty("alternative").GetString());
        Assert.Equal(0, await Api(api).OutboxCount("ReferralServiceUnavailable", closed));
        var refused = await referrer.Refer(service, Person("New", "Comer", "1964-01-01"));
        Assert.Contains("Hall flooded", (await refused.Problem(HttpStatusCode.UnprocessableEntity)).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task The_first_attendance_from_feedback_starts_an_accepted_referral()
    {
        var service = await Api(api).ListService();
        var id = await Api(api).Requested(service, Person("Comes", "Along", "1965-01-01"));
        using var provider = api.ClientAs(Provider());
        await provider.Post(id, "accept");

        await api.Services.GetRequiredService<IBus>().Publish(new AttendanceRecorded(id, service, DateOnly.FromDateTime(DateTime.UtcNow),
            "attended", true, 0, "staff-a", DateTimeOffset.UtcNow));

        await Eventually.Until(async () => (await (await provider.GetAsync($"/api/referrals/{id}")).Json()).GetProperty("status").GetString() == "in-progress",
            TimeSpan.FromSeconds(30), "the attendance to start the referral");
        var referral = await (await provider.GetAsync($"/api/referrals/{id}")).Json();
        Assert.Equal("system", referral.GetProperty("timeline")[3].GetProperty("byRole").GetString());
        Assert.Equal(1, referral.GetProperty("attendance").GetProperty("sessionsAttended").GetInt32());
    }

    [Fact]
    public async Task Closed_referrals_past_the_retention_period_are_anonymised_with_their_messages()
    {
        var service = await Api(api).ListService();
        var id = await Api(api).Requested(service, Person("Retained", "Briefly", "1966-06-06"));
        var open = await Api(api).Requested(service, Person("Still", "Open", "1967-06-06"));
        using var referrer = api.ClientAs(Practitioner());
        await referrer.PostAsync($"/api/referrals/{id}/messages", System.Net.Http.Json.JsonContent.Create(new { text = "Her daughter is Jane Briefly." }));
        await referrer.Post(id, "cancel", new { reason = "Family will help instead" });

        await Sweep<RetentionSweep>(DateTimeOffset.UtcNow.AddDays(2));

        var text = await (await referrer.GetAsync($"/api/referrals/{id}")).Content.ReadAsStringAsync();
        var thread = await (await referrer.GetAsync($"/api/referrals/{id}/messages")).Content.ReadAsStringAsync();
        Assert.DoesNotContain("Retained", text);
        Assert.DoesNotContain("Jane Briefly", thread);
        Assert.Contains("\"anonymised\":true", text);
        Assert.Contains("Still", await (await referrer.GetAsync($"/api/referrals/{open}")).Content.ReadAsStringAsync());
        Assert.Equal(1, await Api(api).Db(db => db.Referrals.CountAsync(r => r.ServiceId == service && r.AnonymisedAt != null)));
    }
}
