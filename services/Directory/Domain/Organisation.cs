namespace DirectoryService.Domain;

/// <summary>A VCSE organisation that runs activities (ORUK "organization").</summary>
public sealed class Organisation
{
    public Guid Id { get; private set; }
    public string Name { get; private set; } = "";
    public string? Description { get; private set; }
    public string? Email { get; private set; }
    public string? Website { get; private set; }
    public string? Phone { get; private set; }

    private Organisation() { }

    public Organisation(Guid id, string name, string? description, string? email, string? website, string? phone)
    {
        Id = id;
        Name = name;
        Description = description;
        Email = email;
        Website = website;
        Phone = phone;
    }

    public void Update(string name, string? description, string? email, string? website, string? phone)
    {
        Name = name;
        Description = description;
        Email = email;
        Website = website;
        Phone = phone;
    }
}
