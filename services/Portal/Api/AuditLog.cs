namespace Portal.Api;

/// <summary>What an admin filters the personal-data audit log by; the same question is put to Referrals and Feedback.</summary>
public sealed record AuditFilter(string? Actor, Guid? ReferralId, string? Action, DateOnly? From, DateOnly? To);

/// <summary>One audit entry as a service answers it: who (id and role) did what to which referral, when and why.</summary>
public sealed record AuditLogItem(long Id, DateTimeOffset At, string ActorId, string ActorRole, Guid ReferralId, string Action, string Purpose);

public sealed record AuditLogPage(List<AuditLogItem> Items, int Page, int PageSize, int Total);

public abstract partial class ServiceClient
{
    /// <summary>One page of a service's audit log (GET /api/{service}/audit, admins only), newest first.</summary>
    protected Task<ApiResult<AuditLogPage>> AuditLogAsync(string path, AuditFilter filter, int page, int pageSize, CancellationToken ct) =>
        GetAsync<AuditLogPage>(path + Query(("actor", filter.Actor), ("referralId", filter.ReferralId?.ToString()),
            ("action", filter.Action), ("from", filter.From?.ToString("yyyy-MM-dd")), ("to", filter.To?.ToString("yyyy-MM-dd")),
            ("page", page.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            ("pageSize", pageSize.ToString(System.Globalization.CultureInfo.InvariantCulture))), ct);
}
