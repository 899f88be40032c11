using BuildingBlocks.Web;

namespace Portal.Identity;

public enum ApplicationStatus { Pending, Approved, Declined }

/// <summary>
/// A voluntary, community or social enterprise group asking to join the directory. A curator decides it once:
/// approved (the Directory organisation is created and the applicant invited as its admin) or declined with a reason.
/// </summary>
public sealed class OrganisationApplication
{
    private OrganisationApplication() { }

    public Guid Id { get; private set; }
    public string OrganisationName { get; private set; } = "";
    /// <summary>Charity or company number, when the group has one.</summary>
    public string? RegistrationNumber { get; private set; }
    public string ContactName { get; private set; } = "";
    public string ContactEmail { get; private set; } = "";
    public string AreaServed { get; private set; } = "";
    public DateTimeOffset SubmittedAt { get; private set; }
    public ApplicationStatus Status { get; private set; }
    public string? DecidedBy { get; private set; }
    public DateTimeOffset? DecidedAt { get; private set; }
    public string? DeclineReason { get; private set; }
    /// <summary>The Directory's organisation, once approval has created it.</summary>
    public Guid? OrganisationId { get; private set; }
    /// <summary>Changes on every decision: two curators deciding at once cannot both succeed.</summary>
    public Guid Version { get; private set; }

    public static OrganisationApplication Submit(string organisationName, string? registrationNumber, string contactName,
        string contactEmail, string areaServed, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(), OrganisationName = organisationName.Trim(),
        RegistrationNumber = string.IsNullOrWhiteSpace(registrationNumber) ? null : registrationNumber.Trim(),
        ContactName = contactName.Trim(), ContactEmail = Invite.NormaliseEmail(contactEmail), AreaServed = areaServed.Trim(),
        SubmittedAt = now, Status = ApplicationStatus.Pending, Version = Guid.NewGuid(),
    };

    /// <summary>
    /// Claims the decision before the Directory is asked to create the organisation, so a second approval (another
    /// curator, a double click) is refused rather than creating a second organisation.
    /// </summary>
    public void Approve(string curatorId, DateTimeOffset now)
    {
        EnsurePending();
        Status = ApplicationStatus.Approved;
        DecidedBy = curatorId;
        DecidedAt = now;
        Version = Guid.NewGuid();
    }

    /// <summary>The Directory could not create the organisation: the application waits for a decision again.</summary>
    public void ReturnToPending()
    {
        if (Status != ApplicationStatus.Approved || OrganisationId is not null)
            throw new InvalidOperationException("Only an approval whose organisation was not created goes back to pending.");
        Status = ApplicationStatus.Pending;
        DecidedBy = null;
        DecidedAt = null;
        Version = Guid.NewGuid();
    }

    public void OrganisationCreated(Guid organisationId)
    {
        if (Status != ApplicationStatus.Approved || OrganisationId is not null)
            throw new InvalidOperationException("An organisation is created once, for an approved application.");
        OrganisationId = organisationId;
        Version = Guid.NewGuid();
    }

    public void Decline(string curatorId, string reason, DateTimeOffset now)
    {
        EnsurePending();
        if (string.IsNullOrWhiteSpace(reason)) throw new RuleViolationException("Give the reason for declining.");
        Status = ApplicationStatus.Declined;
        DecidedBy = curatorId;
        DecidedAt = now;
        DeclineReason = reason.Trim();
        Version = Guid.NewGuid();
    }

    private void EnsurePending()
    {
        if (Status != ApplicationStatus.Pending)
            throw new ConflictException($"This application has already been {Status.ToString().ToLowerInvariant()}.");
    }
}
