using Microsoft.Playwright;

namespace Portal.Tests.Journeys;

/// <summary>
/// The referral page beyond the happy loop: the provider's outcome form with its errors, what the referrer sees
/// when the person did not agree to share, and the message thread between referrer and group.
/// </summary>
[Collection(PortalCollection.Name)]
public sealed class ReferralPageTests(PortalSystem system)
{
    [Fact]
    public async Task The_outcome_form_shows_missing_answers_and_the_services_range_errors_beside_each_question()
    {
        var gp = await system.SignInAsync("gp@demo.example.org");
        await ReferralSteps.ReferAsync(gp, "Grace", ReferralSteps.UniqueFamilyName("Hopper"), shareOutcomes: true);
        var provider = await ReferralSteps.AcceptAsProviderAsync(system, new Uri(gp.Url).AbsolutePath);

        // Nothing answered: the portal names each question before anything is sent.
        await provider.GetByRole(AriaRole.Button, new() { Name = "Record answers" }).ClickAsync();
        var summary = provider.Locator(".nhsuk-error-summary");
        Assert.Equal(
            ["Enter how satisfied they are with their life, from 0 to 10", "Enter how worthwhile the things they do feel, from 0 to 10",
             "Enter how happy they felt yesterday, from 0 to 10", "Enter how anxious they felt yesterday, from 0 to 10",
             "Select how often they lack companionship", "Select how often they feel left out",
             "Select how often they feel isolated from others"],
            await summary.GetByRole(AriaRole.Link).AllInnerTextsAsync());
        Assert.Equal("#loneliness-leftOut", await summary.GetByRole(AriaRole.Link).Nth(5).GetAttributeAsync("href"));
        await Accessibility.AssertAccessibleAsync(provider);

        // Out of range: the Feedback API's 400 comes back beside the question, and the answers given are kept.
        await OutcomeSteps.RecordAsync(provider, "At the start (baseline)", ons4: [4, 5, 3, 11], loneliness: ["Often", "Often", "Often"]);
        var rangeError = "Answer with a whole number from 0 (not at all) to 10 (completely).";
        Assert.Equal("#ons4-anxiety", await provider.Locator(".nhsuk-error-summary a", new() { HasText = rangeError }).GetAttributeAsync("href"));
        Assert.Contains(rangeError, await provider.Locator(".nhsuk-form-group--error", new() { Has = provider.Locator("#ons4-anxiety") }).InnerTextAsync());
        Assert.Equal("4", await provider.GetByLabel(OutcomeSteps.Ons4Questions[0]).InputValueAsync());
        Assert.True(await provider.GetByRole(AriaRole.Group, new() { Name = OutcomeSteps.LonelinessQuestions[2] })
            .GetByLabel("Often", new() { Exact = true }).IsCheckedAsync());
        await Accessibility.AssertAccessibleAsync(provider);
        await Screenshots.SaveAsync(provider, "provider-outcome-errors");

        await provider.GetByLabel(OutcomeSteps.Ons4Questions[3]).FillAsync("6");
        await provider.GetByRole(AriaRole.Button, new() { Name = "Record answers" }).ClickAsync();
        Assert.Contains("Baseline answers recorded", await provider.Locator(".nhsuk-notification-banner").InnerTextAsync());
        Assert.Equal(["Anxious yesterday (lower is better)", "6", "Not recorded", ""], await OutcomeSteps.RowAsync(provider, "anxiety"));
        Assert.Equal(["Loneliness (lower is better)", "9", "Not recorded", ""], await OutcomeSteps.RowAsync(provider, "loneliness"));
        // The baseline is in: only the follow-up is offered now.
        Assert.Equal(0, await provider.GetByLabel("At the start (baseline)").CountAsync());
        Assert.Equal(1, await provider.GetByLabel("Later on (follow-up)").CountAsync());
    }

    [Fact]
    public async Task The_reference_in_the_providers_message_is_the_one_on_the_referral_page_and_in_both_lists_of_referrals()
    {
        var gp = await system.SignInAsync("gp@demo.example.org");
        var familyName = ReferralSteps.UniqueFamilyName("Lovelace");
        await ReferralSteps.ReferAsync(gp, "Ada", familyName, shareOutcomes: true);
        var referralPath = new Uri(gp.Url).AbsolutePath;
        var reference = (await gp.Locator("#referral-reference").InnerTextAsync()).Trim();
        Assert.Matches("^[0-9A-HJKMNP-TV-Z]{5}-[0-9A-HJKMNP-TV-Z]{5}$", reference);

        // The provider is told of it with that reference, and finds it by that reference in the incoming list.
        var provider = await system.SignInAsync("provider@demo.example.org");
        await Eventually.ReloadUntilAsync(provider, "/inbox",
            async () => await provider.Locator("#inbox li", new() { HasText = $"Referral reference: {reference}." }).CountAsync() == 1,
            "the provider's message about the new referral");
        await provider.GotoAsync("/provider/incoming");
        Assert.Contains(reference, await provider.Locator("tr", new() { Has = provider.Locator($"a[href='{referralPath}']") }).InnerTextAsync());
        await provider.GotoAsync(referralPath);
        Assert.Equal(reference, (await provider.Locator("#referral-reference").InnerTextAsync()).Trim());

        await gp.GotoAsync("/referrals");
        Assert.Contains(reference, await gp.Locator("tr", new() { Has = gp.Locator($"a[href='{referralPath}']") }).InnerTextAsync());
    }

    [Fact]
    public async Task Without_the_persons_agreement_the_referrer_sees_no_attendance_but_the_group_does()
    {
        var gp = await system.SignInAsync("gp@demo.example.org");
        await ReferralSteps.ReferAsync(gp, "Mary", ReferralSteps.UniqueFamilyName("Somerville"), shareOutcomes: false);
        var referralPath = new Uri(gp.Url).AbsolutePath;
        var provider = await ReferralSteps.AcceptAsProviderAsync(system, referralPath);
        await provider.GetByLabel("Attended").CheckAsync();
        await provider.GetByRole(AriaRole.Button, new() { Name = "Record attendance" }).ClickAsync();
        Assert.Equal("1", await provider.Locator("#sessions-attended").InnerTextAsync());

        // Feedback hears of the referral over the bus; once it has, it refuses the referrer.
        var message = "";
        for (var attempt = 0; attempt < 40 && !message.Contains("did not agree"); attempt++)
        {
            if (attempt > 0) await Task.Delay(500);
            await gp.GotoAsync(referralPath);
            message = await gp.Locator("#attendance-message").InnerTextAsync();
        }
        Assert.Equal("The person did not agree to share their attendance and how they are doing with you.", message);
        Assert.Equal(0, await gp.Locator("#sessions-attended").CountAsync());
        await Accessibility.AssertAccessibleAsync(gp);
    }

    [Fact]
    public async Task The_referrer_and_the_group_write_to_each_other_on_the_referral()
    {
        // Without JavaScript: the referral, the thread and its form are plain HTML.
        var gp = await system.SignInAsync("gp@demo.example.org", javaScript: false);
        await ReferralSteps.ReferAsync(gp, "Rosalind", ReferralSteps.UniqueFamilyName("Franklin"), shareOutcomes: true);
        var referralPath = new Uri(gp.Url).AbsolutePath;

        await gp.GetByRole(AriaRole.Button, new() { Name = "Send message" }).ClickAsync();
        Assert.Contains("Enter your message", await gp.Locator(".nhsuk-error-summary").InnerTextAsync());
        await gp.GetByLabel("Message the group").FillAsync("She prefers afternoon visits.");
        await gp.GetByRole(AriaRole.Button, new() { Name = "Send message" }).ClickAsync();
        Assert.Contains("Message sent", await gp.Locator(".nhsuk-notification-banner").InnerTextAsync());

        var provider = await system.SignInAsync("provider@demo.example.org");
        await provider.GotoAsync(referralPath);
        Assert.Contains("She prefers afternoon visits.", await provider.Locator("#message-thread").InnerTextAsync());
        await provider.GetByLabel("Message the referrer").FillAsync("Thanks: Thursday at 2pm suits our volunteer.");
        await provider.GetByRole(AriaRole.Button, new() { Name = "Send message" }).ClickAsync();
        await Accessibility.AssertAccessibleAsync(provider);

        await gp.GotoAsync(referralPath);
        var thread = await gp.Locator("#message-thread li").AllInnerTextsAsync();
        Assert.Equal(2, thread.Count);
        Assert.Contains("(the referrer)", thread[0]);
        Assert.Contains("She prefers afternoon visits.", thread[0]);
        Assert.Contains("(the group)", thread[1]);
        Assert.Contains("Thursday at 2pm suits our volunteer.", thread[1]);
        await Accessibility.AssertAccessibleAsync(gp);
        await Screenshots.SaveAsync(gp, "practitioner-referral-messages");
    }
}
