// The Firely model marks nearly every element nullable; these tests assert the shape they navigate.
#nullable disable warnings
using System.Net;
using Directory.Tests.Support;
using Hl7.Fhir.Model;
using Hl7.Fhir.Rest;
using Hl7.Fhir.Serialization;
using TestSupport;
using Task = System.Threading.Tasks.Task;

namespace Directory.Tests.Features.Fhir;

/// <summary>The Directory service on a real loopback port, so the Firely FhirClient talks to it over HTTP as a GP system would.</summary>
public sealed class FhirDirectoryApi : DirectoryApi
{
    protected override bool RealHttp => true;
}

/// <summary>
/// A clinical system picks the activity in its own UI (docs/FHIR.md): listings as HealthcareService, with their
/// Organization and Location, public like the ORUK API, every resource checked against the R4 base definitions.
/// </summary>
public sealed class FhirDirectoryTests(FhirDirectoryApi api) : IClassFixture<FhirDirectoryApi>
{
    private FhirClient Public() => FhirValidation.Client(api.Anonymous());

    private static string Unique(string name) => $"{name} {Guid.NewGuid():N}"[..(name.Length + 9)];

    [Fact]
    public async Task A_clinical_system_finds_a_listing_by_the_start_of_its_name_and_reads_it_as_a_HealthcareService()
    {
        var org = await api.NewOrganisation("Cosham Good Neighbours");
        var location = await api.NewLocation(org, "Cosham");
        var name = Unique("Zebra lunch club");
        var (id, _) = await api.LiveListing(org, name, [location]);

        var found = await Public().SearchAsync<HealthcareService>([$"name={name[..14].ToUpperInvariant()}"]);
        var read = await Public().ReadAsync<HealthcareService>($"HealthcareService/{id}");

        FhirValidation.AssertValid(found);
        Assert.Equal(id.ToString(), Assert.Single(found.Entry).Resource.Id);
        FhirValidation.AssertValid(read);
        Assert.Equal(name, read.Name);
        Assert.True(read.Active);
        Assert.Equal($"Organization/{org}", read.ProvidedBy.Reference);
        Assert.Equal("Cosham Good Neighbours", read.ProvidedBy.Display);
        Assert.Equal($"Location/{location}", Assert.Single(read.Location).Reference);
        Assert.Equal("A hot two-course lunch and good company.", read.Comment);
        Assert.Contains(read.Type, t => t.Coding[0].Code == "lunch-clubs");
        Assert.Contains(read.Telecom, t => t.System == ContactPoint.ContactPointSystem.Phone && t.Value == "023 9249 0000");
        Assert.Contains(read.Telecom, t => t.System == ContactPoint.ContactPointSystem.Email && t.Value == "pat@lunch.example.org");
        var tuesday = Assert.Single(read.AvailableTime);
        Assert.Equal([DaysOfWeek.Tue], tuesday.DaysOfWeek.Select(d => d!.Value));
        Assert.Equal("12:00:00", tuesday.AvailableStartTime);
        Assert.Equal("14:00:00", tuesday.AvailableEndTime);
        Assert.Equal("cost", read.ServiceProvisionCode[0].Coding[0].Code);
        Assert.Equal("Ages 50 and over. Older people", read.Eligibility[0].Code.Text);
        Assert.False(read.AppointmentRequired);
        Assert.Equal("elec", read.ReferralMethod[0].Coding[0].Code);
        Assert.Equal("yes", read.GetExtensionValue<Code>("https://community-directory.example/fhir/StructureDefinition/accepting-referrals").Value);
        Assert.True(read.GetExtensionValue<FhirBoolean>("https://community-directory.example/fhir/StructureDefinition/accepts-self-referral").Value);
    }

    [Fact]
    public async Task Name_contains_and_exact_search_and_a_name_that_matches_nothing_finds_nothing()
    {
        var org = await api.NewOrganisation();
        var name = Unique("Knit and natter");
        var (id, _) = await api.LiveListing(org, name);

        var contains = await Public().SearchAsync<HealthcareService>([$"name:contains={name[^8..]}"]);
        var exact = await Public().SearchAsync<HealthcareService>([$"name:exact={name}"]);
        var notExact = await Public().SearchAsync<HealthcareService>([$"name:exact={name.ToUpperInvariant()}"]);
        var middle = await Public().SearchAsync<HealthcareService>([$"name={name[^8..]}"]);

        Assert.Equal(id.ToString(), Assert.Single(contains.Entry).Resource.Id);
        Assert.Equal(id.ToString(), Assert.Single(exact.Entry).Resource.Id);
        Assert.Empty(notExact.Entry);
        Assert.Empty(middle.Entry);
    }

    [Fact]
    public async Task The_listings_Organization_and_Location_read_as_valid_R4_resources()
    {
        var org = await api.NewOrganisation("Drayton Community Hub");
        var location = await api.NewLocation(org, "Drayton", "PO6 1AB");

        var organization = await Public().ReadAsync<Organization>($"Organization/{org}");
        var place = await Public().ReadAsync<Location>($"Location/{location}");

        FhirValidation.AssertValid(organization);
        Assert.Equal("Drayton Community Hub", organization.Name);
        FhirValidation.AssertValid(place);
        Assert.Equal("PO6 1AB", place.Address.PostalCode);
        Assert.Equal($"Organization/{org}", place.ManagingOrganization.Reference);
        Assert.Equal(50.85m, place.Position.Latitude);
    }

    [Fact]
    public async Task A_listing_awaiting_approval_is_a_404_OperationOutcome_to_the_public_and_not_found_by_search()
    {
        var org = await api.NewOrganisation();
        var name = Unique("Pending walk");
        using var provider = api.ProviderOf(org);
        var pending = (await DirectoryApi.Create(provider, Listings.Body(org, name))).GetProperty("id").GetGuid();

        var refused = await Assert.ThrowsAsync<FhirOperationException>(() => Public().ReadAsync<HealthcareService>($"HealthcareService/{pending}"));
        var found = await Public().SearchAsync<HealthcareService>([$"name={name}"]);

        Assert.Equal(HttpStatusCode.NotFound, refused.Status);
        FhirValidation.AssertValid(refused.Outcome);
        Assert.Equal(OperationOutcome.IssueType.NotFound, refused.Outcome.Issue[0].Code);
        Assert.Equal(0, found.Total);
    }

    [Theory]
    [InlineData("HealthcareService/not-a-guid")]
    [InlineData("HealthcareService/7d3c1f9e-0000-4000-8000-000000000000")]
    [InlineData("Organization/7d3c1f9e-0000-4000-8000-000000000000")]
    [InlineData("Location/nope")]
    public async Task An_unknown_id_is_a_404_OperationOutcome(string path)
    {
        using var http = api.Anonymous();

        var response = await http.GetAsync($"/fhir/{path}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/fhir+json", response.Content.Headers.ContentType?.MediaType);
        var outcome = new FhirJsonDeserializer().Deserialize<OperationOutcome>(await response.Content.ReadAsStringAsync());
        Assert.Equal(OperationOutcome.IssueType.NotFound, outcome.Issue[0].Code);
    }

    [Fact]
    public async Task Search_results_page_in_name_order_with_a_next_link()
    {
        var org = await api.NewOrganisation();
        var stem = Unique("Paged choir");
        var (first, _) = await api.LiveListing(org, $"{stem} A");
        var (second, _) = await api.LiveListing(org, $"{stem} B");

        var page = await Public().SearchAsync<HealthcareService>([$"name={stem}", "_count=1"]);
        var next = await Public().ContinueAsync(page);

        Assert.Equal(2, page.Total);
        Assert.Equal(first.ToString(), Assert.Single(page.Entry).Resource.Id);
        Assert.Equal(second.ToString(), Assert.Single(next.Entry).Resource.Id);
    }

    [Theory]
    [InlineData("_count=0")]
    [InlineData("_count=lots")]
    [InlineData("_page=0")]
    public async Task A_search_parameter_out_of_range_is_a_400_OperationOutcome(string query)
    {
        using var http = api.Anonymous();

        var response = await http.GetAsync($"/fhir/HealthcareService?{query}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var outcome = new FhirJsonDeserializer().Deserialize<OperationOutcome>(await response.Content.ReadAsStringAsync());
        Assert.Equal(OperationOutcome.IssueType.Invalid, outcome.Issue[0].Code);
        FhirValidation.AssertValid(outcome);
    }
}
