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
    /// <summary>
    /// Stands in for a publisher's organisation whose name no feed gave: its listings wait under it until a curator
    /// names it (or a later import does).
    /// </summary>
    public bool IsPlaceholder { get; private set; }

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

    /// <summary>The stand-in for organisation <paramref name="externalId"/> of <paramref name="publisher"/>, for a curator to name.</summary>
    public static Organisation Placeholder(Guid id, string publisher, string externalId)
    {
        var name = externalId.Length == 0 ? $"Organisation to be named (from {publisher})" : $"Organisation to be named ({externalId}, from {publisher})";
        return new Organisation(id, name.Length > 200 ? name[..200] : name, null, null, null, null) { IsPlaceholder = true };
    }

    public void Update(string name, string? description, string? email, string? website, string? phone)
    {
        IsPlaceholder = false;
        Name = name;
        Description = description;
        Email = email;
        Website = website;
        Phone = phone;
    }
}
