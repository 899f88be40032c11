using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace FeedbackService.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ReferralConsentAndReferrerSide : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "consent_changed_at",
                table: "referrals",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "referrer_role",
                table: "referrals",
                type: "TEXT",
                maxLength: 30,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "referrer_team",
                table: "referrals",
                type: "TEXT",
                maxLength: 200,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "consent_changed_at",
                table: "referrals");

            migrationBuilder.DropColumn(
                name: "referrer_role",
                table: "referrals");

            migrationBuilder.DropColumn(
                name: "referrer_team",
                table: "referrals");
        }
    }
}
