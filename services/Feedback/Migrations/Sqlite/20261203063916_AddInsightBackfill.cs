using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace FeedbackService.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class AddInsightBackfill : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "insight_backfill_batches",
                columns: table => new
                {
                    request_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    source = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    batch = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_insight_backfill_batches", x => new { x.request_id, x.source, x.batch });
                });

            migrationBuilder.CreateTable(
                name: "insight_backfill_runs",
                columns: table => new
                {
                    request_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    started_at = table.Column<long>(type: "INTEGER", nullable: false),
                    last_asked_at = table.Column<long>(type: "INTEGER", nullable: false),
                    asks = table.Column<int>(type: "INTEGER", nullable: false),
                    feedback_done_at = table.Column<long>(type: "INTEGER", nullable: true),
                    directory_done_at = table.Column<long>(type: "INTEGER", nullable: true),
                    referrals_done_at = table.Column<long>(type: "INTEGER", nullable: true),
                    completed_at = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_insight_backfill_runs", x => x.request_id);
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "insight_backfill_batches");

            migrationBuilder.DropTable(
                name: "insight_backfill_runs");
        }
    }
}
