using BuildingBlocks.Auth;
using BuildingBlocks.Validation;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using ReferralsService.Data;
using ReferralsService.Domain;

namespace ReferralsService.Features.Queries;

/// <summary>A practitioner's referrals and their team's, newest first, filtered by status, service and dates.</summary>
public static class ListReferrals
{
    public sealed record Query(string? Status, Guid? ServiceId, DateOnly? From, DateOnly? To, int Page = 1, int PageSize = 20)
        : IQuery<Page<Item>>;

    public sealed record Item(Guid Id, ReferralStatus Status, Guid ServiceId, string ServiceName, string PersonName,
        string ReferrerName, DateTimeOffset CreatedAt, DateTimeOffset? RequestedAt, bool Overdue, bool ServiceUnavailable);

    public sealed class Validator : AbstractValidator<Query>
    {
        public Validator()
        {
            RuleFor(q => q.Status).Must(s => Lifecycle.TryParse<ReferralStatus>(s, out _))
                .WithMessage("'Status' is not a referral status.").When(q => !string.IsNullOrEmpty(q.Status));
            RuleFor(q => q.Page).MustBeAPage();
            RuleFor(q => q.PageSize).MustBeAPageSize(100);
            RuleFor(q => q.To).GreaterThanOrEqualTo(q => q.From).When(q => q.From is not null && q.To is not null);
        }
    }

    internal sealed class Handler(ReferralsDb db, CurrentUser user, TimeProvider clock) : IQueryHandler<Query, Page<Item>>
    {
        public async ValueTask<Page<Item>> Handle(Query query, CancellationToken cancellationToken)
        {
            var referrals = db.Referrals.AsNoTracking().Where(ReferralAccess.OnReferrerSideOf(user));
            if (Lifecycle.TryParse<ReferralStatus>(query.Status, out var status)) referrals = referrals.Where(r => r.Status == status);
            if (query.ServiceId is { } serviceId) referrals = referrals.Where(r => r.ServiceId == serviceId);
            if (query.From is { } from) { var start = Day(from); referrals = referrals.Where(r => r.CreatedAt >= start); }
            // 'To' includes its whole day; the last day there is (9999-12-31) has no next day to stop before.
            if (query.To is { } to && to < DateOnly.MaxValue) { var end = Day(to.AddDays(1)); referrals = referrals.Where(r => r.CreatedAt < end); }

            var total = await referrals.CountAsync(cancellationToken);
            var rows = await referrals.OrderByDescending(r => r.CreatedAt)
                .Skip(Paging.Skip(query.Page, query.PageSize)).Take(query.PageSize)
                .Select(r => new { r.Id, r.Status, r.ServiceId, r.ServiceName, r.Person.GivenName, r.Person.FamilyName,
                    r.ReferrerName, r.CreatedAt, r.RequestedAt, r.ResponseDueAt, r.ServiceUnavailableNote })
                .ToListAsync(cancellationToken);

            var now = clock.GetUtcNow();
            foreach (var row in rows) db.Audit(row.Id, user, "referrer's referral list", now);
            await db.SaveChangesAsync(cancellationToken);
            return new Page<Item>(rows.Select(r => new Item(r.Id, r.Status, r.ServiceId, r.ServiceName, $"{r.GivenName} {r.FamilyName}",
                r.ReferrerName, r.CreatedAt, r.RequestedAt, r.Status == ReferralStatus.Requested && now >= r.ResponseDueAt,
                r.ServiceUnavailableNote != null)).ToList(), query.Page, query.PageSize, total);
        }

        private static DateTimeOffset Day(DateOnly date) => new(date.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
    }

    internal static async Task<IResult> Endpoint(string? status, Guid? serviceId, DateOnly? from, DateOnly? to, int? page,
        int? pageSize, Sender mediator, CancellationToken cancellationToken) =>
        Results.Ok(await mediator.Send(new Query(status, serviceId, from, to, page ?? 1, pageSize ?? 20), cancellationToken));
}

public sealed record Page<T>(IReadOnlyList<T> Items, [property: System.Text.Json.Serialization.JsonPropertyName("page")] int PageNumber, int PageSize, int Total);
