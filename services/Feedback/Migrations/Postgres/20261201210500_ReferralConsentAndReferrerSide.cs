using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace FeedbackService.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class ReferralConsentAndReferrerSide : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "consent_changed_at",
                table: "referrals",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "referrer_role",
                table: "referrals",
                type: "character varying(30)",
                maxLength: 30,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "referrer_team",
                table: "referrals",
                type: "character varying(200)",
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
