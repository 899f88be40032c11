using System.Globalization;

namespace Portal.Tests.Journeys;

/// <summary>
/// A resident asks to join for themselves: what the form says back is addressed to them ("you"), not the wording a
/// practitioner gets about the person they refer ("their agreement", "you (or your team) ... for this person").
/// </summary>
[Collection(PortalCollection.Name)]
public sealed class AskToJoinWordingTests(PortalSystem system)
{
    private static (string, string)[] Details(string familyName) =>
    [
        ("Person.GivenName", "Rita"), ("Person.FamilyName", familyName), ("Person.BirthDay", "3"), ("Person.BirthMonth", "4"),
        ("Person.BirthYear", "1958"), ("Person.Phone", "07700 900456"), ("Person.Needs", "Getting out more"),
    ];

    private static string Text(string key, string culture) => global::Portal.PortalText.Resources.GetString(key, CultureInfo.GetCultureInfo(culture))!;

    [Theory]
    [InlineData("en")]
    [InlineData("pl")]
    [InlineData("bn")]
    [InlineData("ar")]
    public async Task A_resident_who_leaves_the_agreement_unticked_is_told_to_tick_it_in_their_own_language(string culture)
    {
        var serviceId = await system.ListServiceAsync("Agreement club " + Guid.NewGuid().ToString("N")[..6], "Agreement group");
        using var resident = await PortalForms.VisitorAsync(system, "resident@demo.example.org");

        var answer = await PortalForms.PostAsync(resident, $"/services/{serviceId}/self-refer", $"/services/{serviceId}/self-refer?culture={culture}",
            Details(ReferralSteps.UniqueFamilyName("Agree")));

        Assert.Equal(200, answer.Status);
        var link = Assert.Single(PortalForms.SummaryLinks(answer));
        Assert.Equal(("#consent-shareWithProvider", Text("SelfRefer.AgreeToShare", culture)), link);
        if (culture == "en") Assert.StartsWith("Tick the box to let the group see your details", link.Text);
        else Assert.NotEqual(Text("SelfRefer.AgreeToShare", "en"), link.Text);
        Assert.DoesNotContain("their agreement", answer.Text);
    }

    [Fact]
    public async Task A_resident_asking_to_join_the_same_activity_twice_is_told_they_already_asked()
    {
        var (serviceId, _) = await PortalForms.ReferrableServiceAsync(system, "Twice club " + Guid.NewGuid().ToString("N")[..6]);
        using var resident = await PortalForms.VisitorAsync(system, "resident@demo.example.org");
        var details = Details(ReferralSteps.UniqueFamilyName("Twice")).Append(("Consent.ShareWithProvider", "true")).ToArray();

        var first = await PortalForms.PostAsync(resident, $"/services/{serviceId}/self-refer", $"/services/{serviceId}/self-refer", details);
        var second = await PortalForms.PostAsync(resident, $"/services/{serviceId}/self-refer", $"/services/{serviceId}/self-refer", details);

        Assert.True(first.Status == 302, $"the first ask answered {first.Status}: {string.Join("; ", PortalForms.SummaryLinks(first))} " +
            System.Text.RegularExpressions.Regex.Match(first.Text ?? "", "nhsuk-warning-callout.*?</div>", System.Text.RegularExpressions.RegexOptions.Singleline).Value);
        Assert.Equal(200, second.Status);
        var link = Assert.Single(PortalForms.SummaryLinks(second));
        Assert.Equal("You have already asked to join this activity. The group will contact you.", link.Text);
        Assert.Equal("#person-givenName", link.Href);
        Assert.DoesNotContain("your team", second.Text);
    }

    [Fact]
    public async Task A_resident_asking_to_join_an_activity_joined_only_through_a_practitioner_is_told_so_not_given_a_field_error()
    {
        var (serviceId, _) = await PortalForms.ReferrableServiceAsync(system, "Referred only " + Guid.NewGuid().ToString("N")[..6], selfReferral: false);
        using var resident = await PortalForms.VisitorAsync(system, "resident@demo.example.org");
        var details = Details(ReferralSteps.UniqueFamilyName("Closed")).Append(("Consent.ShareWithProvider", "true")).ToArray();

        var answer = await PortalForms.PostAsync(resident, $"/services/{serviceId}/self-refer", $"/services/{serviceId}/self-refer", details);

        Assert.Equal(200, answer.Status);
        Assert.Contains("This activity is not taking requests to join online at the moment.", answer.Text);
        Assert.Empty(PortalForms.SummaryLinks(answer));
        Assert.DoesNotContain("self-referrals", answer.Text);
    }
}
