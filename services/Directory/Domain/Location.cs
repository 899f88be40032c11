namespace DirectoryService.Domain;

/// <summary>Where activities happen (ORUK "location" with its physical address).</summary>
public sealed class Location
{
    public Guid Id { get; private set; }
    public Guid? OrganisationId { get; private set; }
    public string Name { get; private set; } = "";
    public string? Address1 { get; private set; }
    public string? City { get; private set; }
    public string? Postcode { get; private set; }
    public double? Latitude { get; private set; }
    public double? Longitude { get; private set; }
    public string? Ward { get; private set; }
    public List<string> Accessibility { get; private set; } = [];

    private Location() { }

    public Location(Guid id, Guid? organisationId, string name, string? address1, string? city, string? postcode,
        double? latitude, double? longitude, string? ward, IEnumerable<string> accessibility)
    {
        Id = id;
        OrganisationId = organisationId;
        Name = name;
        Address1 = address1;
        City = city;
        Postcode = postcode;
        Latitude = latitude;
        Longitude = longitude;
        Ward = ward;
        Accessibility = [.. accessibility.Distinct()];
    }

    public void Update(string name, string? address1, string? city, string? postcode, double? latitude, double? longitude,
        string? ward, IEnumerable<string> accessibility)
    {
        Name = name;
        Address1 = address1;
        City = city;
        Postcode = postcode;
        Latitude = latitude;
        Longitude = longitude;
        Ward = ward;
        Accessibility = [.. accessibility.Distinct()];
    }

    /// <summary>"St Mary's Hall, 12 High Street, Cosham PO6 3AA": the place as one line, for a message or letter.</summary>
    public string OneLine() =>
        string.Join(", ", new[] { Name, Address1, string.Join(' ', new[] { City, Postcode }.Where(p => !string.IsNullOrWhiteSpace(p))) }
            .Where(p => !string.IsNullOrWhiteSpace(p)).Select(p => p!.Trim()));
}
