namespace Portal.Tests.Journeys;

/// <summary>
/// A page whose address names something that is not there, or not the visitor's to see, answers 404 with the portal's
/// own "Page not found" in the visitor's language: never 200 with the service's wording ("Service '…' was not found"),
/// and the same whether someone else's referral exists or not.
/// </summary>
[Collection(PortalCollection.Name)]
public sealed class NotFoundPagesTests(PortalSystem system)
{
    private const string Unknown = "00000000-0000-0000-0000-000000000001";

    [Theory]
    [InlineData("en", "Page not found")]
    [InlineData("pl", "Nie znaleziono strony")]
    [InlineData("bn", "পৃষ্ঠাটি পাওয়া যায়নি")]
    [InlineData("ar", "الصفحة غير موجودة")]
    public async Task An_activity_that_does_not_exist_answers_404_with_the_portals_not_found_page_in_the_visitors_language(string culture, string heading)
    {
        using var anonymous = await PortalForms.VisitorAsync(system, null);

        var answer = await anonymous.SendAsync(HttpMethod.Get, $"/services/{Unknown}?culture={culture}", null);

        Assert.Equal(404, answer.Status);
        Assert.Contains($"<h1>{heading}</h1>", System.Net.WebUtility.HtmlDecode(answer.Text));
        Assert.DoesNotContain("was not found", answer.Text);
    }

    [Theory]
    [InlineData("resident@demo.example.org", "/services/{0}/feedback")]
    [InlineData("resident@demo.example.org", "/services/{0}/self-refer")]
    [InlineData("resident@demo.example.org", "/services/{0}/leaflet")]
    [InlineData("linkworker@demo.example.org", "/referrals/new/{0}")]
    [InlineData("linkworker@demo.example.org", "/referrals/{0}")]
    [InlineData("linkworker@demo.example.org", "/referrals/{0}/print")]
    [InlineData("provider@demo.example.org", "/provider/listings/{0}")]
    [InlineData("provider@demo.example.org", "/provider/listings/{0}/feedback")]
    [InlineData("curator@demo.example.org", "/curator/moderation/{0}/amend")]
    public async Task Every_page_for_one_thing_answers_404_with_the_portals_words_when_there_is_no_such_thing(string email, string path)
    {
        using var visitor = await PortalForms.VisitorAsync(system, email);

        var answer = await visitor.SendAsync(HttpMethod.Get, string.Format(System.Globalization.CultureInfo.InvariantCulture, path, Unknown), null);

        Assert.Equal(404, answer.Status);
        Assert.Contains("<h1>Page not found</h1>", answer.Text);
        Assert.DoesNotContain("was not found", answer.Text);
    }

    [Fact]
    public async Task Someone_elses_referral_answers_the_same_404_as_a_referral_that_does_not_exist()
    {
        var (_, othersReferral) = await PortalForms.ReferrableServiceAsync(system, "Not yours club " + Guid.NewGuid().ToString("N")[..6]);
        using var linkworker = await PortalForms.VisitorAsync(system, "linkworker@demo.example.org");

        var others = await linkworker.SendAsync(HttpMethod.Get, $"/referrals/{othersReferral}", null);
        var missing = await linkworker.SendAsync(HttpMethod.Get, $"/referrals/{Guid.NewGuid()}", null);

        Assert.Equal(404, others.Status);
        Assert.Equal(404, missing.Status);
        Assert.Equal(MainOf(missing), MainOf(others));
        Assert.Contains("<h1>Page not found</h1>", others.Text);
    }

    // The page without its antiforgery tokens and such, which differ between any two answers.
    private static string MainOf(Fuzz.PortalAnswer answer) =>
        System.Text.RegularExpressions.Regex.Match(answer.Text ?? "", "<main.*?</main>", System.Text.RegularExpressions.RegexOptions.Singleline).Value;
}
