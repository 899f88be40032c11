using BuildingBlocks.Auth;
using BuildingBlocks.Validation;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using ReferralsService.Data;
using ReferralsService.Domain;

namespace ReferralsService.Features.Queries;

/// <summary>
/// Provider staff's queue: referrals to their organisation's services, new (requested) first, overdue marked. Who the
/// person is (name, needs) shows only while their consent to share with the provider stands.
/// </summary>
public static class IncomingReferrals
{
    public sealed record Query(string? Status, int Page = 1, int PageSize = 50) : IQuery<Page<Item>>;

    public sealed record Item(Guid Id, ReferralStatus Status, Guid ServiceId, string ServiceName, string? PersonName,
        IReadOnlyList<string> Needs, bool PersonWithheld, string ReferrerName, DateTimeOffset? RequestedAt, DateTimeOffset? ResponseDueAt,
        bool Overdue, bool Waitlisted);

    public sealed class Validator : AbstractValidator<Query>
    {
        public Validator()
        {
            RuleFor(q => q.Status).Must(s => Lifecycle.TryParse<ReferralStatus>(s, out var status) && status != ReferralStatus.Draft)
                .WithMessage("'Status' is not a status a provider sees.").When(q => !string.IsNullOrEmpty(q.Status));
            RuleFor(q => q.Page).MustBeAPage();
            RuleFor(q => q.PageSize).MustBeAPageSize(200);
        }
    }

    internal sealed class Handler(ReferralsDb db, CurrentUser user, TimeProvider clock) : IQueryHandler<Query, Page<Item>>
    {
        public async ValueTask<Page<Item>> Handle(Query query, CancellationToken cancellationToken)
        {
            var referrals = db.Referrals.AsNoTracking()
                .Where(r => r.ProviderOrganisationId == user.OrganisationId && r.Status != ReferralStatus.Draft);
            if (Lifecycle.TryParse<ReferralStatus>(query.Status, out var status)) referrals = referrals.Where(r => r.Status == status);

            var total = await referrals.CountAsync(cancellationToken);
            var rows = await referrals
                .OrderBy(r => r.Status == ReferralStatus.Requested ? 0 : 1).ThenByDescending(r => r.RequestedAt)
                .Skip(Paging.Skip(query.Page, query.PageSize)).Take(query.PageSize)
                .Select(r => new { r.Id, r.Status, r.ServiceId, r.ServiceName, r.Person.GivenName, r.Person.FamilyName, r.Person.Needs,
                    Shared = r.Consent != null && r.Consent.ShareWithProvider, r.ReferrerName, r.RequestedAt, r.ResponseDueAt, r.Waitlisted })
                .ToListAsync(cancellationToken);

            var now = clock.GetUtcNow();
            foreach (var row in rows.Where(r => r.Shared)) db.Audit(row.Id, user, "provider's incoming queue", now);
            await db.SaveChangesAsync(cancellationToken);
            return new Page<Item>(rows.Select(r => new Item(r.Id, r.Status, r.ServiceId, r.ServiceName,
                r.Shared ? $"{r.GivenName} {r.FamilyName}" : null, r.Shared ? r.Needs : [], !r.Shared, r.ReferrerName, r.RequestedAt, r.ResponseDueAt,
                r.Status == ReferralStatus.Requested && now >= r.ResponseDueAt, r.Waitlisted)).ToList(), query.Page, query.PageSize, total);
        }
    }

    internal static async Task<IResult> Endpoint(string? status, int? page, int? pageSize, Sender mediator, CancellationToken cancellationToken) =>
        Results.Ok(await mediator.Send(new Query(status, page ?? 1, pageSize ?? 50), cancellationToken));
}
