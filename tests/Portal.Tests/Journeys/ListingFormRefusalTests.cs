using Portal.Identity;
using Portal.Pages.Provider;

namespace Portal.Tests.Journeys;

/// <summary>
/// The provider's "Add a listing" form says what is wrong in the portal's words beside the field: what it can check
/// itself before sending, and what the Directory still refuses, never the API's wording ("'Location Ids' must not be
/// empty.", "'Cost Amount' must be between…"). Money is pounds and pence: 5.999 is refused, not saved.
/// </summary>
[Collection(PortalCollection.Name)]
public sealed class ListingFormRefusalTests(PortalSystem system)
{
    /// <summary>A listing the form accepts, but for <paramref name="changes"/> (which replace a field of the same name).</summary>
    private static (string, string)[] Listing(params (string Name, string Value)[] changes)
    {
        (string Name, string Value)[] valid =
        [
            ("Form.Name", "Refusal club " + Guid.NewGuid().ToString("N")[..6]), ("Form.AttendingType", "online"),
            ("Form.Times[0].Pattern", "weekly"), ("Form.Times[0].Day", "tuesday"), ("Form.Times[0].Start", "10:00"), ("Form.Times[0].End", "12:00"),
            ("Form.CostType", "free"), ("Form.Accepting", "yes"),
        ];
        return [.. valid.Where(f => changes.All(c => c.Name != f.Name)).Concat(changes).Select(f => (f.Name, f.Value))];
    }

    private async Task<Fuzz.PortalAnswer> SendAsync(params (string, string)[] fields)
    {
        using var provider = await PortalForms.VisitorAsync(system, "provider@demo.example.org");
        return await PortalForms.PostAsync(provider, "/provider/listings/new", "/provider/listings/new", fields);
    }

    [Fact]
    public async Task A_place_the_form_did_not_offer_and_out_of_range_numbers_are_said_in_the_portals_words_beside_each_field()
    {
        var answer = await SendAsync(Listing(("Form.AttendingType", "in-person"), ("Form.PlaceId", Guid.Empty.ToString()),
            ("Form.CostType", "paid"), ("Form.Amount", "200000"), ("Form.MinimumAge", "200"), ("Form.Spaces", "-3"), ("Form.ResponseDays", "999")));

        Assert.Equal(200, answer.Status);
        Assert.Equal(ListingFormMessages.Place, PortalForms.FieldError(answer, "place"));
        Assert.Equal(ListingFormMessages.CostAmount, PortalForms.FieldError(answer, "cost-amount"));
        Assert.Equal(ListingFormMessages.MinimumAge, PortalForms.FieldError(answer, "eligibility-minimumAge"));
        Assert.Equal(ListingFormMessages.Spaces, PortalForms.FieldError(answer, "spaces"));
        Assert.Equal(ListingFormMessages.ResponseDays, PortalForms.FieldError(answer, "typicalResponseDays"));
        Assert.DoesNotContain("Location Ids", answer.Text);
        Assert.DoesNotContain("Cost Amount", answer.Text);
        Assert.All(PortalForms.SummaryLinks(answer), link => Assert.True(PortalForms.HasElement(answer, link.Href[1..]), $"{link.Href} leads to no element"));
    }

    [Theory]
    [InlineData("5.999")]
    [InlineData("£5.999")]
    [InlineData("0.001")]
    public async Task A_cost_with_more_than_pence_is_refused_beside_the_cost(string amount)
    {
        var answer = await SendAsync(Listing(("Form.CostType", "paid"), ("Form.Amount", amount)));

        Assert.Equal(200, answer.Status);
        Assert.Equal(ListingFormMessages.CostAmount, PortalForms.FieldError(answer, "cost-amount"));
        Assert.Equal(amount, PortalForms.InputValue(answer, "Form.Amount"));
    }

    [Fact]
    public async Task A_cost_in_pounds_and_pence_is_sent_for_review()
    {
        var answer = await SendAsync(Listing(("Form.CostType", "paid"), ("Form.Amount", "£5.99")));

        Assert.Equal(302, answer.Status);
        Assert.StartsWith("/provider/listings/new/sent", answer.Location);
    }

    [Fact]
    public async Task What_only_the_directory_checks_comes_back_in_the_portals_words_beside_the_field()
    {
        // A phone number's shape is the Directory's rule alone: the form sends it, and says the refusal its own way.
        var answer = await SendAsync(Listing(("Form.Phone", "12345")));

        Assert.Equal(200, answer.Status);
        Assert.Equal("Enter a UK phone number, like 023 9249 6101", PortalForms.FieldError(answer, "contact-phone"));
        Assert.DoesNotContain("'Phone' must be", answer.Text);
    }

    [Fact]
    public async Task The_listing_editor_says_what_the_directory_refused_in_the_portals_words_beside_the_field()
    {
        var id = await system.ListServiceForAsync(OrganisationIds.FromSlug("org-paulsgrove-good-neighbours"),
            "Refused edit club " + Guid.NewGuid().ToString("N")[..6], "Tea and a chat.");
        using var provider = await PortalForms.VisitorAsync(system, "provider@demo.example.org");
        var page = $"/provider/listings/{id}";
        var form = await provider.SendAsync(HttpMethod.Get, page, null);

        var answer = await PortalForms.PostAsync(provider, page, page + "?handler=Details", ("Edit.Name", PortalForms.InputValue(form, "Edit.Name")!),
            ("Edit.Version", PortalForms.InputValue(form, "Edit.Version")!), ("Edit.Phone", "12345"));

        Assert.Equal(200, answer.Status);
        Assert.Equal("Enter a UK phone number, like 023 9249 6101", PortalForms.FieldError(answer, "contact-phone"));
        Assert.DoesNotContain("'Phone' must be", answer.Text);
    }
}
