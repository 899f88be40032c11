using Security.Tests.Support;

namespace Security.Tests.Referrals;

/// <summary>Every Referrals endpoint x every caller, against the rule in <see cref="ReferralsMatrix"/>.</summary>
public sealed class ReferralsAuthorizationTests(ReferralsSecurityApi api) : IClassFixture<ReferralsSecurityApi>
{
    public static TheoryData<string> Rows() => new(ReferralsMatrix.Rows.Select(r => r.Key));

    [Fact]
    public void The_matrix_has_a_row_for_every_endpoint_the_app_serves_and_for_no_other() =>
        Coverage.AssertComplete(api.Endpoints, ReferralsMatrix.Rows);

    [Theory]
    [MemberData(nameof(Rows))]
    public async Task Each_caller_gets_what_the_rule_says_and_a_refusal_reveals_and_changes_nothing(string row) =>
        await Coverage.AssertRowHolds(api, ReferralsMatrix.Rows, row);
}
