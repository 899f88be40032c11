namespace Portal.Tests.Journeys;

/// <summary>
/// Refer someone is two steps: who and why, then consent. What is wrong with step 1 is said on step 1, beside the field,
/// with the Referrals API's limits: it once moved on to "Record consent", where the reason was a hidden input and the
/// error summary's link led nowhere.
/// </summary>
[Collection(PortalCollection.Name)]
public sealed class NewReferralFormTests(PortalSystem system)
{
    private static (string, string)[] Person(string reason) =>
    [
        ("Person.GivenName", "Ann"), ("Person.FamilyName", ReferralSteps.UniqueFamilyName("Reason")), ("Person.BirthDay", "3"),
        ("Person.BirthMonth", "4"), ("Person.BirthYear", "1958"), ("Person.Phone", "07700 900456"), ("Person.Needs", "Company"),
        ("Reason", reason),
    ];

    [Fact]
    public async Task A_reason_longer_than_the_service_takes_stays_on_the_first_step_with_what_was_typed_and_a_link_to_the_reason()
    {
        var serviceId = await system.ListServiceAsync("Long reason club " + Guid.NewGuid().ToString("N")[..6], "Long reason group");
        using var linkworker = await PortalForms.VisitorAsync(system, "linkworker@demo.example.org");
        var reason = new string('r', 10_001);

        var answer = await PortalForms.PostAsync(linkworker, $"/referrals/new/{serviceId}", $"/referrals/new/{serviceId}?handler=Details", Person(reason));

        Assert.Equal(200, answer.Status);
        Assert.Contains("<h1>Who are you referring?</h1>", answer.Text);
        Assert.DoesNotContain("Record consent", answer.Text);
        Assert.Equal("Why this activity must be 4,000 characters or fewer", PortalForms.FieldError(answer, "reason"));
        Assert.Equal(reason, PortalForms.InputValue(answer, "Reason"));
        var links = PortalForms.SummaryLinks(answer);
        var link = Assert.Single(links);
        Assert.Equal(("#reason", "Why this activity must be 4,000 characters or fewer"), link);
        Assert.All(links, link => Assert.True(PortalForms.HasElement(answer, link.Href[1..]), $"{link.Href} leads to no element"));
    }

    [Fact]
    public async Task A_reason_of_exactly_the_services_limit_moves_on_to_consent()
    {
        var serviceId = await system.ListServiceAsync("Full reason club " + Guid.NewGuid().ToString("N")[..6], "Full reason group");
        using var linkworker = await PortalForms.VisitorAsync(system, "linkworker@demo.example.org");

        var answer = await PortalForms.PostAsync(linkworker, $"/referrals/new/{serviceId}", $"/referrals/new/{serviceId}?handler=Details",
            Person(new string('r', 4000)));

        Assert.Equal(200, answer.Status);
        Assert.Contains("<h1>Record consent</h1>", answer.Text);
        Assert.Empty(PortalForms.SummaryLinks(answer));
    }

    [Fact]
    public async Task A_too_long_reason_sent_straight_to_the_consent_step_goes_back_to_the_first_step()
    {
        var serviceId = await system.ListServiceAsync("Carried reason club " + Guid.NewGuid().ToString("N")[..6], "Carried reason group");
        using var linkworker = await PortalForms.VisitorAsync(system, "linkworker@demo.example.org");

        var answer = await PortalForms.PostAsync(linkworker, $"/referrals/new/{serviceId}", $"/referrals/new/{serviceId}?handler=Submit",
            [.. Person(new string('r', 4001)), ("Consent.GivenBy", "person"), ("Consent.Method", "verbal"), ("Consent.ShareWithProvider", "true")]);

        Assert.Equal(200, answer.Status);
        Assert.Contains("<h1>Who are you referring?</h1>", answer.Text);
        Assert.Equal("Why this activity must be 4,000 characters or fewer", PortalForms.FieldError(answer, "reason"));
    }
}
