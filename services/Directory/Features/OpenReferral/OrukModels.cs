using System.Text.Json;
using System.Text.Json.Serialization;

namespace DirectoryService.Features.OpenReferral;

// The Open Referral UK 3.0 (HSDS 3.0) wire objects this service publishes. Property names are snake_case on the
// wire (OrukJson.Options); absent values are omitted, except where the schema requires a string (then "").
// Fields the UK profile leaves out but HSDS 3.0 core defines (language name/code, contact email/phones, service
// phones, eligibility_description) are added: the profile's schemas allow extra properties.

public static class OrukJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public const string Version = "3.0";
    public const string ProfileUrl = "https://github.com/openreferral/uk-profile";
    public const string OpenApiUrl = "https://raw.githubusercontent.com/openreferral/uk-profile/main/schema/openapi.json";
}

/// <param name="PerPage">
/// The page size this list was cut into: the per_page asked for, up to <see cref="OrukParameters.MaxPerPage"/>. Not in
/// the profile's Page (which allows more fields): a client that asked for more than the maximum can tell from it
/// what total_pages counts.
/// </param>
public sealed record OrukPage<T>(int TotalItems, int TotalPages, int PageNumber, int Size, bool FirstPage, bool LastPage,
    bool Empty, IReadOnlyList<T> Contents, int PerPage)
{
    public static OrukPage<T> Of(IReadOnlyList<T> contents, int totalItems, int pageNumber, int perPage)
    {
        var totalPages = (int)Math.Ceiling(totalItems / (double)perPage);
        return new(totalItems, totalPages, pageNumber, contents.Count, pageNumber == 1, pageNumber >= totalPages,
            contents.Count == 0, contents, perPage);
    }
}

public sealed record OrukApiInfo(string Version, string Profile, string OpenapiUrl);

/// <param name="Services">Only for GET /organizations/{id} (compiled/organization.json), without their organization.</param>
public sealed record OrukOrganization(Guid Id, string Name, string Description, string? Email, string? Website,
    List<OrukPhone>? Phones, List<OrukService>? Services = null);

/// <param name="Organization">Null inside an organization's own services.</param>
public sealed record OrukService(
    Guid Id, Guid OrganizationId, string Name, string? Description, string? Url, string? Email, string Status, string? Fees,
    int? MinimumAge, int? MaximumAge, string? EligibilityDescription, string? AssuredDate, string? Alert,
    DateTimeOffset LastModified, OrukOrganization? Organization,
    List<OrukSchedule>? Schedules = null, List<OrukServiceAtLocation>? ServiceAtLocations = null,
    List<OrukLanguage>? Languages = null, List<OrukCostOption>? CostOptions = null, List<OrukContact>? Contacts = null,
    List<OrukPhone>? Phones = null, List<OrukAttribute>? Attributes = null);

public sealed record OrukServiceAtLocation(Guid Id, Guid ServiceId, Guid LocationId, OrukLocation? Location, OrukService? Service);

public sealed record OrukLocation(Guid Id, string LocationType, string Name, string? Description, double? Latitude,
    double? Longitude, List<OrukAddress>? Addresses = null, List<OrukAccessibility>? Accessibility = null);

public sealed record OrukAddress(
    Guid Id, Guid LocationId,
    [property: JsonPropertyName("address_1")] string Address1,
    string City, string StateProvince, string PostalCode, string Country, string AddressType);

public sealed record OrukAccessibility(Guid Id, Guid LocationId, string Description);

public sealed record OrukSchedule(Guid Id, Guid ServiceId, string? Freq, int? Interval, string? Byday, string? Bymonthday,
    string? Dtstart, string? ValidFrom, string? ValidTo, string? OpensAt, string? ClosesAt, string? Description,
    string? AttendingType, string? Notes = null);

public sealed record OrukLanguage(Guid Id, Guid ServiceId, string Name, string? Code);

public sealed record OrukCostOption(Guid Id, Guid ServiceId, string? Option, decimal? Amount, string? AmountDescription, string? Currency);

/// <param name="Title">The profile's contact title; ours says what the contact is for (<see cref="OrukMapper.WelcomerTitle"/>).</param>
public sealed record OrukContact(Guid Id, Guid ServiceId, string? Name, string? Email, List<OrukPhone>? Phones, string? Title = null);

/// <param name="Extension">HSDS 3.0 core's extension and type (the UK profile leaves them out, and allows extra properties).</param>
public sealed record OrukPhone(Guid Id, string Number, Guid? ContactId = null, Guid? ServiceId = null, Guid? OrganizationId = null,
    string? Extension = null, string? Type = null, string? Description = null, List<OrukPhoneLanguage>? Languages = null);

public sealed record OrukPhoneLanguage(Guid Id, Guid PhoneId, string Name, string? Code);

public sealed record OrukAttribute(Guid Id, Guid LinkId, string LinkType, string LinkEntity, Guid TaxonomyTermId,
    OrukTaxonomyTerm TaxonomyTerm);

public sealed record OrukTaxonomyTerm(Guid Id, string Name, string Description, Guid? ParentId, string? Taxonomy,
    Guid? TaxonomyId, string? Term);

public sealed record OrukTaxonomy(Guid Id, string Name, string Description);
