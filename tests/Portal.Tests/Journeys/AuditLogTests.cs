using Microsoft.Playwright;

namespace Portal.Tests.Journeys;

/// <summary>An admin reads the personal-data audit log: who read which referral, filtered by the referral's id.</summary>
[Collection(PortalCollection.Name)]
public sealed class AuditLogTests(PortalSystem system)
{
    [Fact]
    public async Task An_admin_sees_a_practitioner_s_read_of_a_referral_and_filters_the_log_by_its_id()
    {
        var gp = await system.SignInAsync("gp@demo.example.org");
        await ReferralSteps.ReferAsync(gp, "Audrey", ReferralSteps.UniqueFamilyName("Ledger"), shareOutcomes: false);
        var referralId = new Uri(gp.Url).AbsolutePath.Split('/').Last();

        var admin = await system.SignInAsync("admin@demo.example.org");
        await admin.GotoAsync("/admin/audit");
        Assert.Contains("Personal data audit log", await admin.Locator("h1").InnerTextAsync());
        Assert.Contains(referralId, await admin.Locator("#audit-log").InnerTextAsync()); // the newest entries, unfiltered

        await admin.GetByLabel("Referral reference").FillAsync(referralId);
        await admin.GetByRole(AriaRole.Button, new() { Name = "Filter" }).ClickAsync();

        Assert.Contains($"referralId={referralId}", admin.Url); // a GET form: the filtered view is a link
        var rows = admin.Locator("#audit-log tbody tr");
        Assert.True(await rows.CountAsync() >= 1);
        foreach (var row in await rows.AllAsync()) Assert.Contains(referralId, await row.InnerTextAsync());
        var log = await admin.Locator("#audit-log").InnerTextAsync();
        Assert.Contains("Dr Gita Patel", log);
        Assert.Contains("Read a referral", log);
        Assert.DoesNotContain("Audrey", await admin.Locator("main").InnerTextAsync()); // never the person
        await Accessibility.AssertAccessibleAsync(admin);
        await Screenshots.SaveAsync(admin, "admin-audit-log");

        // Narrowed to what only an erasure writes, the same referral has no entries.
        await admin.GetByLabel("What").SelectOptionAsync("erase");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Filter" }).ClickAsync();
        Assert.Equal(0, await admin.Locator("#audit-log").CountAsync());
        Assert.Contains("0 entries match", await admin.Locator("#audit-total").InnerTextAsync());
    }

    [Fact]
    public async Task A_filter_that_is_not_a_referral_id_or_a_date_is_an_error_summary_not_a_query()
    {
        var admin = await system.SignInAsync("admin@demo.example.org");
        await admin.GotoAsync("/admin/audit?referralId=not-an-id&from=yesterday");

        var summary = await admin.Locator(".nhsuk-error-summary").InnerTextAsync();
        Assert.Contains("Enter the referral's reference as it is shown", summary);
        Assert.Contains("Enter the first day as a date", summary);
        Assert.Equal(0, await admin.Locator("#audit-log").CountAsync());
        await Accessibility.AssertAccessibleAsync(admin);
    }

    [Fact]
    public async Task Only_an_admin_opens_the_audit_log()
    {
        var curator = await system.SignInAsync("curator@demo.example.org");
        var response = await curator.GotoAsync("/admin/audit");

        Assert.DoesNotContain("Personal data audit log", await curator.Locator("main").InnerTextAsync());
        Assert.Contains("/account/access-denied", curator.Url + (response?.Url ?? ""));
    }
}
