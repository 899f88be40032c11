using Microsoft.Playwright;

namespace Portal.Tests.Journeys;

/// <summary>A curator answers a person's request: finds what is held about them, then erases it.</summary>
[Collection(PortalCollection.Name)]
public sealed class PersonDataTests(PortalSystem system)
{
    [Fact]
    public async Task A_curator_finds_the_person_s_referral_then_erases_it_and_the_referrer_no_longer_sees_their_name()
    {
        var familyName = ReferralSteps.UniqueFamilyName("Fairweather");
        var gp = await system.SignInAsync("gp@demo.example.org");
        await ReferralSteps.ReferAsync(gp, "Ermintrude", familyName, shareOutcomes: true);
        var referralPath = new Uri(gp.Url).AbsolutePath;

        var curator = await system.SignInAsync("curator@demo.example.org");
        await curator.GotoAsync("/curator/person-data");
        await curator.GetByLabel("Given name").FillAsync("Ermintrude");
        await curator.GetByLabel("Family name").FillAsync(familyName);
        await curator.GetByLabel("Date of birth").FillAsync("10/12/1950");
        await curator.GetByRole(AriaRole.Button, new() { Name = "Find their data" }).ClickAsync();

        var table = curator.Locator("#person-data");
        Assert.Contains($"Ermintrude {familyName}", await table.InnerTextAsync());
        Assert.Contains("Good Neighbours home visits", await table.InnerTextAsync());
        await Accessibility.AssertAccessibleAsync(curator);
        await Screenshots.SaveAsync(curator, "curator-person-data");

        // Erasing needs the request's reference and a confirmation; refused, nothing is erased.
        await curator.GetByRole(AriaRole.Button, new() { Name = "Erase their data" }).ClickAsync();
        Assert.Contains("Confirm that the person asked for their data to be erased",
            await curator.Locator(".nhsuk-error-summary").InnerTextAsync());
        Assert.Contains(familyName, await curator.Locator("#person-data").InnerTextAsync());

        await curator.GetByLabel("Request reference").FillAsync("DSR-42");
        await curator.GetByLabel("The person asked for their data to be erased").CheckAsync();
        await curator.GetByRole(AriaRole.Button, new() { Name = "Erase their data" }).ClickAsync();
        Assert.Contains("Erased 1 referral", await curator.Locator(".nhsuk-notification-banner").InnerTextAsync());

        await gp.GotoAsync(referralPath);
        var page = await gp.Locator("main").InnerTextAsync();
        Assert.DoesNotContain(familyName, page);
        Assert.DoesNotContain("Ermintrude", page);
    }
}
