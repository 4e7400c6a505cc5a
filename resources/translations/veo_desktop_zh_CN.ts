<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>Actions</name>
    <message>
        <source>Play</source>
        <translation>播放</translation>
    </message>
    <message>
        <source>Show in folder</source>
        <translation>在文件夹中显示</translation>
    </message>
    <message>
        <source>Copy task id</source>
        <translation>复制任务 ID</translation>
    </message>
    <message>
        <source>Retry</source>
        <translation>重试</translation>
    </message>
    <message>
        <source>Send again…</source>
        <translation>再次发送…</translation>
    </message>
    <message>
        <source>Reuse settings</source>
        <translation>复用设置</translation>
    </message>
    <message>
        <source>Follow again</source>
        <translation>重新跟踪</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <source>Stop waiting</source>
        <translation>停止等待</translation>
    </message>
    <message>
        <source>Compare end frames…</source>
        <translation>比较结束帧…</translation>
    </message>
</context>
<context>
    <name>App</name>
    <message>
        <source>No session: add an API key or start the offline demo.</source>
        <translation>没有会话：请添加 API 密钥或启动离线演示。</translation>
    </message>
</context>
<context>
    <name>Attempts</name>
    <message>
        <source>Attempt {number} — {status}</source>
        <translation>第 {number} 次尝试——{status}</translation>
    </message>
    <message>
        <source>task id {task_id}</source>
        <translation>任务 ID {task_id}</translation>
    </message>
    <message>
        <source>attempt {number}</source>
        <translation>第 {number} 次尝试</translation>
    </message>
</context>
<context>
    <name>ClipDialogs</name>
    <message>
        <source>PNG images</source>
        <translation>PNG 图片</translation>
    </message>
    <message>
        <source>MP4 videos</source>
        <translation>MP4 视频</translation>
    </message>
    <message>
        <source>{name}: a frame is saved as PNG; end the name with .png</source>
        <translation>{name}：画面保存为 PNG；文件名请以 .png 结尾</translation>
    </message>
    <message>
        <source>{name}: a film is saved as MP4; end the name with .mp4</source>
        <translation>{name}：影片保存为 MP4；文件名请以 .mp4 结尾</translation>
    </message>
</context>
<context>
    <name>ClipMenu</name>
    <message>
        <source>Continue from here</source>
        <translation>从这里接着生成</translation>
    </message>
    <message>
        <source>Add to sequence</source>
        <translation>加入序列</translation>
    </message>
    <message>
        <source>Sequence its chain</source>
        <translation>按接续关系排成序列</translation>
    </message>
    <message>
        <source>Add to storyboard as a shot</source>
        <translation>作为镜头加入故事板</translation>
    </message>
    <message>
        <source>This task has no video yet</source>
        <translation>这个任务还没有视频</translation>
    </message>
</context>
<context>
    <name>Clips</name>
    <message>
        <source>A film needs at least two clips</source>
        <translation>合成影片至少需要两个片段</translation>
    </message>
    <message>
        <source>Task {task} has no saved video yet; continue it once its video is saved</source>
        <translation>任务 {task} 的视频还没有保存；保存后才能接着生成</translation>
    </message>
    <message>
        <source>The video of task {task} is no longer at {path}; `veo-desktop download {task}` fetches it again</source>
        <translation>任务 {task} 的视频已不在 {path}；`veo-desktop download {task}` 可以重新下载</translation>
    </message>
    <message>
        <source>The file at {path} is no longer the video of task {task}; `veo-desktop download {task}` fetches it again</source>
        <translation>{path} 处的文件已不是任务 {task} 的视频；`veo-desktop download {task}` 可以重新下载</translation>
    </message>
    <message>
        <source>The last frame of task {task} cannot start a video: {reason}</source>
        <translation>任务 {task} 的最后一帧不能用来开始视频：{reason}</translation>
    </message>
    <message>
        <source>{name}: there is no such file</source>
        <translation>{name}：文件不存在</translation>
    </message>
    <message>
        <source>{name}: not a video this app can read</source>
        <translation>{name}：不是本应用能读取的视频</translation>
    </message>
    <message>
        <source>{name}: the file holds no video</source>
        <translation>{name}：文件中没有视频</translation>
    </message>
    <message>
        <source>{name}: the video is incomplete ({found} of its {expected} frames are there)</source>
        <translation>{name}：视频不完整（{expected} 帧中只有 {found} 帧）</translation>
    </message>
    <message>
        <source>A time in a video cannot be negative</source>
        <translation>视频中的时间不能为负数</translation>
    </message>
    <message>
        <source>{name}: the video does not decode</source>
        <translation>{name}：视频无法解码</translation>
    </message>
    <message>
        <source>{name}: the video has no frames</source>
        <translation>{name}：视频中没有画面</translation>
    </message>
</context>
<context>
    <name>Connection</name>
    <message>
        <source>Can&apos;t reach the service — trying again now</source>
        <translation>无法连接服务——正在重试</translation>
    </message>
    <message>
        <source>Can&apos;t reach the service — retrying in {seconds} s</source>
        <translation>无法连接服务——{seconds} 秒后重试</translation>
    </message>
    <message>
        <source>Can&apos;t reach the service</source>
        <translation>无法连接服务</translation>
    </message>
</context>
<context>
    <name>Controller</name>
    <message>
        <source>Choose the end frame</source>
        <translation>选择结束帧</translation>
    </message>
    <message>
        <source>Veo Desktop — offline demo</source>
        <translation>Veo Desktop — 离线演示</translation>
    </message>
    <message>
        <source>Paste your API key above, or try the offline demo</source>
        <translation>请在上方粘贴 API 密钥，或先试用离线演示</translation>
    </message>
    <message>
        <source>Veo Desktop</source>
        <translation>Veo Desktop</translation>
    </message>
    <message>
        <source>Something went wrong ({name}): {exc}</source>
        <translation>出错了（{name}）：{exc}</translation>
    </message>
    <message>
        <source>free (demo)</source>
        <translation>免费（演示）</translation>
    </message>
    <message>
        <source>This video: {price}</source>
        <translation>本视频：{price}</translation>
    </message>
    <message>
        <source>This video: {price} (failed tasks are free)</source>
        <translation>本视频：{price}（失败的任务不收费）</translation>
    </message>
    <message>
        <source>Sent to the model {model}</source>
        <translation>发送给模型 {model}</translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation>正在启动…</translation>
    </message>
    <message>
        <source>Taking the last frame…</source>
        <translation>正在取最后一帧…</translation>
    </message>
    <message>
        <source>Reading the image…</source>
        <translation>正在读取图片…</translation>
    </message>
    <message>
        <source>Submitting…</source>
        <translation>正在提交…</translation>
    </message>
    <message>
        <source>Several videos are being prepared</source>
        <translation>正在准备多个视频</translation>
    </message>
    <message>
        <source>Sent. To send it again, wait a moment; or change the prompt, a frame or a setting</source>
        <translation>已发送。如要再次发送，请稍等片刻，或修改提示词、画面或设置</translation>
    </message>
    <message>
        <source>Describe the motion first</source>
        <translation>请先描述画面的运动</translation>
    </message>
    <message>
        <source>Generate video from both frames</source>
        <translation>用首尾两帧生成视频</translation>
    </message>
    <message>
        <source>Generate video</source>
        <translation>生成视频</translation>
    </message>
    <message>
        <source>Generate from text (no image)</source>
        <translation>仅用文字生成（无图片）</translation>
    </message>
    <message>
        <source>Nothing was sent: {reason}</source>
        <translation>未发送任何内容：{reason}</translation>
    </message>
    <message>
        <source>Not sent, the session closed: {count} of {total} videos</source>
        <translation>未发送，会话已关闭：{total} 个视频中的 {count} 个</translation>
    </message>
    <message>
        <source>{count} images: write the prompt and pick the settings first, then drop them again</source>
        <translation>{count} 张图片：请先写好提示词并选好设置，再把它们拖进来</translation>
    </message>
    <message>
        <source>None of these can be used: </source>
        <translation>这些图片都无法使用：</translation>
    </message>
    <message>
        <source>{count} images, nothing sent: {reason}</source>
        <translation>{count} 张图片，未发送任何内容：{reason}</translation>
    </message>
    <message>
        <source>Not found: {names}; drop the image again</source>
        <translation>找不到：{names}；请重新拖入图片</translation>
    </message>
    <message>
        <source>Make {count} videos, one per image, with the same prompt and settings?
Cost: {total}.</source>
        <translation>用相同的提示词和设置生成 {count} 个视频（每张图片一个）？
费用：{total}。</translation>
    </message>
    <message>
        <source>Each one ends on {name}.</source>
        <translation>每个视频都以 {name} 结束。</translation>
    </message>
    <message>
        <source>Left out:</source>
        <translation>未包含：</translation>
    </message>
    <message>
        <source>Generate several videos</source>
        <translation>生成多个视频</translation>
    </message>
    <message>
        <source>Generate {count} videos ({total})</source>
        <translation>生成 {count} 个视频（{total}）</translation>
    </message>
    <message>
        <source>{count} images: drop one here</source>
        <translation>{count} 张图片：这里只能放一张</translation>
    </message>
    <message>
        <source>Cropped to {shape}: drag the box (or use the arrow keys) to choose what stays.</source>
        <translation>裁剪为 {shape}：拖动方框（或用方向键）选择保留的部分。</translation>
    </message>
    <message>
        <source>Fitted whole into {shape}, with black bars.</source>
        <translation>完整放入 {shape} 画面，加黑边。</translation>
    </message>
    <message>
        <source>The clipboard holds no image</source>
        <translation>剪贴板里没有图片</translation>
    </message>
    <message>
        <source>Choose a reference image</source>
        <translation>选择参考图片</translation>
    </message>
    <message>
        <source>Images</source>
        <translation>图片</translation>
    </message>
    <message>
        <source>Import a task id</source>
        <translation>导入任务 ID</translation>
    </message>
    <message>
        <source>Task id (from your provider console or an earlier run):</source>
        <translation>任务 ID（来自服务商控制台或之前的运行）：</translation>
    </message>
    <message>
        <source>Copied {task_id}</source>
        <translation>已复制 {task_id}</translation>
    </message>
    <message>
        <source>Send again?</source>
        <translation>再次发送？</translation>
    </message>
    <message>
        <source>No usable answer came back when “{prompt}” was sent, so the service may already have this task, and will bill it when it completes. Look for it in your provider&apos;s console first (File → Import task id fetches it). Sending it again may be billed twice.</source>
        <translation>发送“{prompt}”时没有收到可用的回复，服务可能已经收下了这个任务，并会在完成时计费。请先在服务商控制台中查找它（“文件 → 导入任务 ID”可以取回）。再次发送可能会被计费两次。</translation>
    </message>
    <message>
        <source>Send again</source>
        <translation>再次发送</translation>
    </message>
    <message>
        <source>Stopped waiting for “{prompt}”; its task id is kept</source>
        <translation>已停止等待“{prompt}”；其任务 ID 已保留</translation>
    </message>
    <message>
        <source>Removed “{prompt}” from the list</source>
        <translation>已从列表中移除“{prompt}”</translation>
    </message>
    <message>
        <source>Removed “{prompt}” —</source>
        <translation>已移除“{prompt}”——</translation>
    </message>
    <message>
        <source>Type a prompt first, then save it</source>
        <translation>请先输入提示词，再保存</translation>
    </message>
    <message>
        <source>Could not save the prompt: {reason}</source>
        <translation>无法保存提示词：{reason}</translation>
    </message>
    <message>
        <source>Saved “{prompt}”</source>
        <translation>已保存“{prompt}”</translation>
    </message>
    <message>
        <source>Settings from {name} are in the form</source>
        <translation>已将 {name} 中的设置填入表单</translation>
    </message>
    <message>
        <source>; its seed ({seed}) was left out: type it in to repeat the video exactly</source>
        <translation>；其种子（{seed}）未填入：如需完全重现该视频，请手动输入</translation>
    </message>
    <message>
        <source>This task has no video yet.</source>
        <translation>此任务还没有视频。</translation>
    </message>
    <message>
        <source>Downloading again…</source>
        <translation>正在重新下载…</translation>
    </message>
    <message>
        <source>Your video is ready</source>
        <translation>您的视频已生成</translation>
    </message>
    <message>
        <source>Spent today {today} · this month {month}</source>
        <translation>今日花费 {today} · 本月 {month}</translation>
    </message>
    <message>
        <source>Uploads {width} x {height} px, {size}</source>
        <translation>上传 {width} x {height} 像素，{size}</translation>
    </message>
    <message>
        <source> ({size} less than the image)</source>
        <translation>（比原图少 {size}）</translation>
    </message>
    <message>
        <source>Taking the frame…</source>
        <translation>正在取画面…</translation>
    </message>
    <message>
        <source>The frame at {at} s of {video} is the start frame</source>
        <translation>{video} 第 {at} 秒的画面已设为起始帧</translation>
    </message>
    <message>
        <source>The frame at {at} s of {video} is the end frame</source>
        <translation>{video} 第 {at} 秒的画面已设为结束帧</translation>
    </message>
    <message>
        <source>Save the frame as PNG</source>
        <translation>将画面保存为 PNG</translation>
    </message>
    <message>
        <source>The frame was not saved: {reason}</source>
        <translation>画面未保存：{reason}</translation>
    </message>
    <message>
        <source>The frame was not saved in {folder}: {reason}</source>
        <translation>画面未保存到 {folder}：{reason}</translation>
    </message>
    <message>
        <source>Saved {path}</source>
        <translation>已保存 {path}</translation>
    </message>
    <message>
        <source>The last frame of “{prompt}” is the start frame: describe what happens next</source>
        <translation>“{prompt}”的最后一帧已设为起始帧：请描述接下来发生什么</translation>
    </message>
    <message>
        <source>This task has no video yet</source>
        <translation>这个任务还没有视频</translation>
    </message>
    <message>
        <source>{name} is missing: download it again first</source>
        <translation>{name} 不见了：请先重新下载</translation>
    </message>
    <message>
        <source>“{prompt}” is in the sequence already</source>
        <translation>“{prompt}”已在序列中</translation>
    </message>
    <message>
        <source>“{prompt}” left the sequence: {path} is no longer its video</source>
        <translation>“{prompt}”已移出序列：{path} 已不是它的视频</translation>
    </message>
    <message>
        <source>This clip continues no other, and none continues it</source>
        <translation>这个片段没有接续其他片段，也没有片段接续它</translation>
    </message>
    <message>
        <source>%n clip(s) · {length}: the film plays them left to right</source>
        <translation>%n 个片段 · {length}：影片按从左到右的顺序播放</translation>
    </message>
    <message>
        <source>A film is being written</source>
        <translation>正在写入影片</translation>
    </message>
    <message>
        <source>A film needs at least two clips</source>
        <translation>合成影片至少需要两个片段</translation>
    </message>
    <message>
        <source>Export the film</source>
        <translation>导出影片</translation>
    </message>
    <message>
        <source>The film was not written: {reason}</source>
        <translation>未写入影片：{reason}</translation>
    </message>
    <message>
        <source>The film was not written: {path} is no longer the video of “{prompt}”; take it out of the sequence</source>
        <translation>未写入影片：{path} 已不是“{prompt}”的视频；请把它移出序列</translation>
    </message>
    <message>
        <source>Export cancelled; nothing was written</source>
        <translation>已取消导出，未写入任何文件</translation>
    </message>
    <message>
        <source>The film could not be written: {reason}</source>
        <translation>无法写入影片：{reason}</translation>
    </message>
    <message>
        <source>joined without re-encoding</source>
        <translation>未重新编码直接拼接</translation>
    </message>
    <message>
        <source>encoded again as H.264/AAC</source>
        <translation>已重新编码为 H.264/AAC</translation>
    </message>
    <message>
        <source>Saved {path} (%n clip(s), {length}, {how})</source>
        <translation>已保存 {path}（%n 个片段，{length}，{how}）</translation>
    </message>
    <message>
        <source>Its list of clips was not written: {reason}</source>
        <translation>未写入其片段列表：{reason}</translation>
    </message>
    <message>
        <source>Retry a refused prompt?</source>
        <translation>重试被拒绝的提示词？</translation>
    </message>
    <message>
        <source>The service&apos;s safety filter refused “{prompt}”. Sent again unchanged, it will likely be refused again. To change the prompt first, choose Reuse settings in the row&apos;s menu.</source>
        <translation>服务的安全过滤器拒绝了“{prompt}”。不加修改再次发送，很可能会再次被拒绝。如需先修改提示词，请在该行的菜单中选择“重用设置”。</translation>
    </message>
    <message>
        <source>Retry anyway</source>
        <translation>仍然重试</translation>
    </message>
    <message>
        <source>Write the shots first: one per line</source>
        <translation>请先写下镜头：每行一个</translation>
    </message>
    <message>
        <source>Choose the start picture of the first shot in the form first</source>
        <translation>请先在表单中为第一个镜头选择起始图片</translation>
    </message>
    <message>
        <source>Connect to the service or start the demo first</source>
        <translation>请先连接服务或启动演示</translation>
    </message>
    <message>
        <source>Film %n shot(s), one after another, each from the last frame of the one before?
Cost: {cost} ({each} each; a shot that fails is free).</source>
        <translation>依次拍摄 %n 个镜头，每个都从上一个的最后一帧开始？
费用：{cost}（每个 {each}；失败的镜头不收费）。</translation>
    </message>
    <message>
        <source>The film is made: {path} (%n shot(s), {length}, {total})</source>
        <translation>影片已完成：{path}（%n 个镜头，{length}，{total}）</translation>
    </message>
    <message>
        <source>The demo charges nothing.</source>
        <translation>演示不收费。</translation>
    </message>
    <message>
        <source>Film the storyboard</source>
        <translation>拍摄故事板</translation>
    </message>
    <message>
        <source>Put the cursor on a shot&apos;s line first</source>
        <translation>请先把光标放在某个镜头所在的行上</translation>
    </message>
    <message>
        <source>Shot {number} is still being made; nothing was sent</source>
        <translation>第 {number} 个镜头仍在制作中；没有发送任何内容</translation>
    </message>
    <message>
        <source>Film %n shot(s) again from shot {number}, each from the last frame of the one before?
Cost: {cost} ({each} each; a shot that fails is free).</source>
        <translation>从第 {number} 个镜头起重新拍摄 %n 个镜头，每个都从上一个的最后一帧开始？
费用：{cost}（每个 {each}；失败的镜头不收费）。</translation>
    </message>
    <message>
        <source>Film again from here</source>
        <translation>从这里重新拍摄</translation>
    </message>
    <message>
        <source>Film %n shot(s) ({cost})</source>
        <translation>拍摄 %n 个镜头（{cost}）</translation>
    </message>
    <message>
        <source>Only shot {number} ({cost})</source>
        <translation>仅第 {number} 个镜头（{cost}）</translation>
    </message>
    <message>
        <source>Not filmed; nothing was sent</source>
        <translation>未拍摄；没有发送任何内容</translation>
    </message>
    <message>
        <source>Shot {number} is filmed again: {path}</source>
        <translation>第 {number} 个镜头已重新拍摄：{path}</translation>
    </message>
    <message>
        <source>Change shot {number}, then Film storyboard… again</source>
        <translation>修改第 {number} 个镜头，然后再次点击“拍摄故事板…”</translation>
    </message>
    <message>
        <source>The film stopped at shot {number}: Retry, Edit or Skip it</source>
        <translation>影片在第 {number} 个镜头处停止：重试、编辑或跳过它</translation>
    </message>
    <message>
        <source>Continuing the film where it stopped…</source>
        <translation>从停止处继续拍摄影片…</translation>
    </message>
    <message>
        <source>Wait until the film being made is done</source>
        <translation>请等待正在制作的影片完成</translation>
    </message>
    <message>
        <source>Shot {number} is this clip: filming does not send it again</source>
        <translation>第 {number} 个镜头就是这个片段：拍摄时不会再次发送它</translation>
    </message>
    <message>
        <source>Shot {number} is still being made: it cannot be moved now</source>
        <translation>第 {number} 个镜头仍在制作中：现在无法移动</translation>
    </message>
    <message>
        <source>Shot {number} was changed: change the shots, then Film storyboard…</source>
        <translation>第 {number} 个镜头已被修改：请修改镜头，然后点击“拍摄故事板…”</translation>
    </message>
    <message>
        <source>Cleared the sequence (%n clip(s)) —</source>
        <translation>已清空序列（%n 个片段）——</translation>
    </message>
    <message>
        <source>The film&apos;s clips replaced the sequence (%n clip(s)) —</source>
        <translation>影片的片段已替换序列（%n 个片段）——</translation>
    </message>
</context>
<context>
    <name>DropZone</name>
    <message>
        <source>Drop an image here, paste one (Ctrl+V) or click to browse (Ctrl+O)
No image: a text-to-video task</source>
        <translation>将图片拖到这里、粘贴（Ctrl+V）或点击浏览（Ctrl+O）
不放图片：文字生成视频任务</translation>
    </message>
    <message>
        <source>Reference image</source>
        <translation>参考图片</translation>
    </message>
    <message>
        <source>Crop</source>
        <translation>裁剪</translation>
    </message>
    <message>
        <source>Fill the video: drag the box to choose what stays</source>
        <translation>填满画面：拖动方框选择保留的部分</translation>
    </message>
    <message>
        <source>Fit (bars)</source>
        <translation>适应（黑边）</translation>
    </message>
    <message>
        <source>Keep the whole image, with black bars</source>
        <translation>保留完整图片，加黑边</translation>
    </message>
    <message>
        <source>Remove image</source>
        <translation>移除图片</translation>
    </message>
    <message>
        <source>Remove the reference image</source>
        <translation>移除参考图片</translation>
    </message>
    <message>
        <source>Reading {name}…</source>
        <translation>正在读取 {name}…</translation>
    </message>
    <message>
        <source>, converted from {format}</source>
        <translation>，由 {format} 转换</translation>
    </message>
    <message>
        <source>That is not an image file: drop a picture (JPEG, PNG, WebP…) from your files</source>
        <translation>这不是图片文件：请拖入您的图片（JPEG、PNG、WebP…）</translation>
    </message>
    <message>
        <source>How the image is framed</source>
        <translation>图片的取景方式</translation>
    </message>
    <message>
        <source>End frame</source>
        <translation>结束帧</translation>
    </message>
    <message>
        <source>Drop the last frame here or click to browse
The video moves from the first picture to this one</source>
        <translation>将最后一帧拖到这里，或点击浏览
视频会从第一张图过渡到这一张</translation>
    </message>
</context>
<context>
    <name>EndFrame</name>
    <message>
        <source>End frame (optional)</source>
        <translation>结束帧（可选）</translation>
    </message>
    <message>
        <source>⇄ Swap start and end</source>
        <translation>⇄ 交换起始帧和结束帧</translation>
    </message>
    <message>
        <source>The start frame becomes the end frame, and the other way</source>
        <translation>起始帧变为结束帧，结束帧变为起始帧</translation>
    </message>
    <message>
        <source>Clear end frame</source>
        <translation>清除结束帧</translation>
    </message>
    <message>
        <source>Remove the end frame</source>
        <translation>移除结束帧</translation>
    </message>
    <message>
        <source>Switch to {choice}</source>
        <translation>切换到 {choice}</translation>
    </message>
</context>
<context>
    <name>EndFrames</name>
    <message>
        <source>Almost the same picture</source>
        <translation>几乎是同一张图片</translation>
    </message>
    <message>
        <source>Alike</source>
        <translation>相似</translation>
    </message>
    <message>
        <source>Clearly different</source>
        <translation>明显不同</translation>
    </message>
    <message>
        <source>Very different</source>
        <translation>非常不同</translation>
    </message>
    <message>
        <source>{words}: they differ by {distance} on a scale from 0 (the same) to 255 (opposite).</source>
        <translation>{words}：在 0（相同）到 255（相反）的尺度上相差 {distance}。</translation>
    </message>
    <message>
        <source>The clip ends on your end frame.</source>
        <translation>该片段结束于你的结束帧。</translation>
    </message>
    <message>
        <source>The service did not end this clip on your end frame.</source>
        <translation>服务没有让该片段结束于你的结束帧。</translation>
    </message>
    <message>
        <source>End frames of “{prompt}”</source>
        <translation>“{prompt}”的结束帧</translation>
    </message>
    <message>
        <source>Your end frame</source>
        <translation>你的结束帧</translation>
    </message>
    <message>
        <source>The clip&apos;s last frame</source>
        <translation>片段的最后一帧</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>加载中…</translation>
    </message>
    <message>
        <source>Your end frame cannot be read</source>
        <translation>无法读取你的结束帧</translation>
    </message>
    <message>
        <source>The clip cannot be read</source>
        <translation>无法读取该片段</translation>
    </message>
</context>
<context>
    <name>Errors</name>
    <message>
        <source>There is no video to download: the service says this task is {word}. Tasks that end this way are not charged.</source>
        <translation>没有可下载的视频：服务称此任务为 {word}。以这种方式结束的任务不收费。</translation>
    </message>
    <message>
        <source>The service refused the API key (401). Check the key in Settings or APIYI_API_KEY.</source>
        <translation>服务拒绝了 API 密钥（401）。请在“设置”或 APIYI_API_KEY 中检查密钥。</translation>
    </message>
    <message>
        <source>The service refused the request: {message}</source>
        <translation>服务拒绝了请求：{message}</translation>
    </message>
    <message>
        <source>The service says the reference image is too large (413). Use a smaller image.</source>
        <translation>服务提示参考图片过大（413）。请使用更小的图片。</translation>
    </message>
    <message>
        <source>The service does not know the task {task_id} (404).</source>
        <translation>服务找不到任务 {task_id}（404）。</translation>
    </message>
    <message>
        <source>Your account has no balance left for this: {message}</source>
        <translation>您的账户余额不足：{message}</translation>
    </message>
    <message>
        <source>Try again in {seconds} s.</source>
        <translation>请 {seconds} 秒后重试。</translation>
    </message>
    <message>
        <source>The service is rate limiting requests (429).</source>
        <translation>服务正在限制请求频率（429）。</translation>
    </message>
    <message>
        <source>The service is having trouble (HTTP {status}){detail}. Try again in a few minutes.</source>
        <translation>服务出现问题（HTTP {status}）{detail}。请过几分钟再试。</translation>
    </message>
    <message>
        <source>Could not reach the service ({detail}). Check your internet connection.</source>
        <translation>无法连接到服务（{detail}）。请检查网络连接。</translation>
    </message>
    <message>
        <source>The service did not answer in time ({detail}).</source>
        <translation>服务未能及时响应（{detail}）。</translation>
    </message>
    <message>
        <source>The submission was sent but no usable answer came back ({detail}). It was not sent again, so you are never billed twice; check your provider console for a new task.</source>
        <translation>提交已发出，但没有收到可用的响应（{detail}）。为避免重复收费，应用没有再次提交；请在服务商控制台查看是否有新任务。</translation>
    </message>
    <message>
        <source>The service sent an answer this app cannot use: {detail}</source>
        <translation>服务返回了本应用无法使用的响应：{detail}</translation>
    </message>
    <message>
        <source>The finished video is not downloadable yet (the service is still publishing it).</source>
        <translation>生成好的视频暂时还不能下载（服务仍在发布中）。</translation>
    </message>
    <message>
        <source>The download failed: {detail}</source>
        <translation>下载失败：{detail}</translation>
    </message>
    <message>
        <source>The service sent something that is not a video ({detail}); nothing was saved.</source>
        <translation>服务返回的内容不是视频（{detail}）；未保存任何文件。</translation>
    </message>
    <message>
        <source>Could not save the video to {path}: {reason}. It can be downloaded again later.</source>
        <translation>无法将视频保存到 {path}：{reason}。稍后可以重新下载。</translation>
    </message>
    <message>
        <source>an answer naming no single usable id</source>
        <translation>回答中没有唯一可用的任务 ID</translation>
    </message>
    <message>
        <source>HTTP {status} from the service or a gateway in front of it</source>
        <translation>服务或其前面的网关返回了 HTTP {status}</translation>
    </message>
</context>
<context>
    <name>Estimate</name>
    <message>
        <source>queued {time}</source>
        <translation>排队 {time}</translation>
    </message>
    <message>
        <source>generating {time}</source>
        <translation>生成 {time}</translation>
    </message>
    <message>
        <source>taking longer than usual</source>
        <translation>比平时更久</translation>
    </message>
    <message>
        <source>about {percent}%</source>
        <translation>约 {percent}%</translation>
    </message>
</context>
<context>
    <name>FullScreen</name>
    <message>
        <source>Preview</source>
        <translation>预览</translation>
    </message>
    <message>
        <source>Esc to leave</source>
        <translation>按 Esc 退出</translation>
    </message>
</context>
<context>
    <name>Gallery</name>
    <message>
        <source>Missing: download again</source>
        <translation>文件丢失：请重新下载</translation>
    </message>
    <message>
        <source>Filter by prompt</source>
        <translation>按提示词筛选</translation>
    </message>
    <message>
        <source>Filter by prompt…</source>
        <translation>按提示词筛选…</translation>
    </message>
    <message>
        <source>Gallery</source>
        <translation>作品库</translation>
    </message>
    <message>
        <source>Play film</source>
        <translation>播放影片</translation>
    </message>
    <message>
        <source>Film · %n shot(s)</source>
        <translation>影片 · %n 个镜头</translation>
    </message>
</context>
<context>
    <name>GenerationForm</name>
    <message>
        <source>Describe the motion: camera move, what happens, light and sound.
For example: the camera slowly rises from the base of the lighthouse to the top, dusk light, waves lapping the rocks</source>
        <translation>描述画面的运动：镜头移动、发生的事情、光线与声音。
例如：镜头从灯塔底部缓缓升至塔顶，黄昏光线，海浪拍打礁石</translation>
    </message>
    <message>
        <source>16:9 landscape</source>
        <translation>16:9 横屏</translation>
    </message>
    <message>
        <source>9:16 portrait</source>
        <translation>9:16 竖屏</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Length</source>
        <translation>时长</translation>
    </message>
    <message>
        <source>Resolution</source>
        <translation>分辨率</translation>
    </message>
    <message>
        <source>Aspect ratio</source>
        <translation>宽高比</translation>
    </message>
    <message>
        <source>Prompt</source>
        <translation>提示词</translation>
    </message>
    <message>
        <source>Advanced</source>
        <translation>高级</translation>
    </message>
    <message>
        <source>Negative prompt</source>
        <translation>反向提示词</translation>
    </message>
    <message>
        <source>What to avoid, e.g. blurry, watermark, distorted, low quality</source>
        <translation>要避免的内容，例如：模糊、水印、变形、低质量</translation>
    </message>
    <message>
        <source>Seed</source>
        <translation>种子</translation>
    </message>
    <message>
        <source>Empty = random</source>
        <translation>留空 = 随机</translation>
    </message>
    <message>
        <source>Cost of this job</source>
        <translation>本任务费用</translation>
    </message>
    <message>
        <source>Generate video</source>
        <translation>生成视频</translation>
    </message>
    <message>
        <source>Recent and saved…</source>
        <translation>最近与收藏…</translation>
    </message>
    <message>
        <source>Pick one of your recent or saved prompts (search as you type)</source>
        <translation>从最近或收藏的提示词中选择（输入即可搜索）</translation>
    </message>
    <message>
        <source>★ Save</source>
        <translation>★ 收藏</translation>
    </message>
    <message>
        <source>Keep this prompt in your saved prompts</source>
        <translation>将此提示词加入收藏</translation>
    </message>
    <message>
        <source>{choices}: {reason}</source>
        <translation>{choices}：{reason}</translation>
    </message>
</context>
<context>
    <name>History</name>
    <message>
        <source>The history {path} was written by a newer release of Veo Desktop (schema {found}; this release knows {known}). Nothing was changed; use the newer release.</source>
        <translation>历史记录 {path} 由更新版本的 Veo Desktop 写入（架构 {found}；此版本只认识 {known}）。未做任何更改；请使用较新的版本。</translation>
    </message>
    <message>
        <source>The history {path} is in use by another program (it stayed locked for {seconds:g} s). Nothing was changed; close that program or wait, then try again.</source>
        <translation>历史记录 {path} 正被另一个程序使用（已锁定 {seconds:g} 秒）。未做任何更改；请关闭该程序或稍候，然后重试。</translation>
    </message>
    <message>
        <source>Veo Desktop cannot write to its data folder {folder}: {reason}. Nothing was changed; make the folder writable, or set VEO_DESKTOP_HOME to another folder, then try again.</source>
        <translation>Veo Desktop 无法写入其数据文件夹 {folder}：{reason}。未做任何更改；请让该文件夹可写，或将 VEO_DESKTOP_HOME 设为另一个文件夹，然后重试。</translation>
    </message>
    <message>
        <source>The history {path} cannot be opened: {reason}. Nothing was changed.</source>
        <translation>无法打开历史记录 {path}：{reason}。未做任何更改。</translation>
    </message>
    <message>
        <source>The history {path} was damaged; it was moved aside to {name}. {saved} task(s) could still be read and were copied into a new history. Any others are still listed in your provider&apos;s console: `veo-desktop import TASK_ID` adds one back.</source>
        <translation>历史记录 {path} 已损坏；已将其移到 {name}。仍可读取 {saved} 个任务，已复制到新的历史记录中。其他任务仍列在服务商控制台中：`veo-desktop import TASK_ID` 可以把任务加回来。</translation>
    </message>
    <message>
        <source>The history {path} was damaged; it was moved aside to {name} and a new, empty history was started: no task could be read from it. Your tasks are still listed in your provider&apos;s console: `veo-desktop import TASK_ID` adds one back.</source>
        <translation>历史记录 {path} 已损坏；已将其移到 {name} 并新建了空的历史记录：其中没有可读取的任务。你的任务仍列在服务商控制台中：`veo-desktop import TASK_ID` 可以把任务加回来。</translation>
    </message>
    <message>
        <source>The history&apos;s journal ({name}) is missing, so the newest changes to the history are lost (the last task written was {task}). Check your provider&apos;s console for recent tasks: `veo-desktop import TASK_ID` adds one back.</source>
        <translation>历史记录的日志文件（{name}）丢失，因此历史记录中最新的更改已丢失（最后写入的任务是 {task}）。请在服务商控制台中查看最近的任务：`veo-desktop import TASK_ID` 可以把任务加回来。</translation>
    </message>
    <message>
        <source>The history&apos;s journal ({name}) is damaged, so the newest changes to the history are lost (the last task written was {task}). Check your provider&apos;s console for recent tasks: `veo-desktop import TASK_ID` adds one back.</source>
        <translation>历史记录的日志文件（{name}）已损坏，因此历史记录中最新的更改已丢失（最后写入的任务是 {task}）。请在服务商控制台中查看最近的任务：`veo-desktop import TASK_ID` 可以把任务加回来。</translation>
    </message>
</context>
<context>
    <name>Images</name>
    <message>
        <source>the file does not exist</source>
        <translation>文件不存在</translation>
    </message>
    <message>
        <source>the file cannot be read ({reason})</source>
        <translation>无法读取文件（{reason}）</translation>
    </message>
    <message>
        <source>this is a folder, not an image file</source>
        <translation>这是文件夹，不是图片文件</translation>
    </message>
    <message>
        <source>a device or a pipe, not an image file</source>
        <translation>这是设备或管道，不是图像文件</translation>
    </message>
    <message>
        <source>the file is {size} MB; the largest accepted is 200 MB</source>
        <translation>文件大小为 {size} MB；最大支持 200 MB</translation>
    </message>
    <message>
        <source>the file is empty</source>
        <translation>文件是空的</translation>
    </message>
    <message>
        <source>this is not an image (JPEG, PNG, WebP, GIF, BMP or TIFF)</source>
        <translation>这不是图片（支持 JPEG、PNG、WebP、GIF、BMP 或 TIFF）</translation>
    </message>
    <message>
        <source>the image has far too many pixels to process safely</source>
        <translation>图片像素过多，无法安全处理</translation>
    </message>
    <message>
        <source>the image is {width}x{height} pixels; the largest accepted is {side} pixels a side and {megapixels} megapixels</source>
        <translation>图片为 {width}x{height} 像素；每边最大 {side} 像素，总计最多 {megapixels} 百万像素</translation>
    </message>
    <message>
        <source>the image is only {width}x{height} pixels; at least {side} a side</source>
        <translation>图片只有 {width}x{height} 像素；每边至少需要 {side} 像素</translation>
    </message>
    <message>
        <source>the image is damaged or incomplete (it does not decode fully)</source>
        <translation>图片已损坏或不完整（无法完整解码）</translation>
    </message>
</context>
<context>
    <name>KeyBanner</name>
    <message>
        <source>To make videos, paste the API key from your provider&apos;s console and click Save key. Or try the offline demo first: it costs nothing and needs no account.</source>
        <translation>要生成视频，请粘贴服务商控制台中的 API 密钥并点击“保存密钥”。也可以先试用离线演示：不收费，也不需要账户。</translation>
    </message>
    <message>
        <source>To make videos, paste the API key from your provider&apos;s console and click Save key. This computer has no keyring to keep it in, so the key is used until the app closes; Settings say how to keep it. Or try the offline demo first: it costs nothing and needs no account.</source>
        <translation>要生成视频，请粘贴服务商控制台中的 API 密钥并点击“保存密钥”。这台电脑没有可保存密钥的钥匙串，因此密钥只在应用关闭前有效；“设置”中说明了如何保存。也可以先试用离线演示：不收费，也不需要账户。</translation>
    </message>
    <message>
        <source>This is the offline demo: nothing is sent and nothing is charged. To make real videos, paste your API key and click Save key.</source>
        <translation>这是离线演示：不会发送任何内容，也不会收费。要生成真正的视频，请粘贴 API 密钥并点击“保存密钥”。</translation>
    </message>
    <message>
        <source>Saved {key} in your system keyring.</source>
        <translation>已将 {key} 保存到系统钥匙串。</translation>
    </message>
    <message>
        <source>Using {key} until the app closes; it is not stored.</source>
        <translation>在应用关闭前使用 {key}；密钥不会被保存。</translation>
    </message>
</context>
<context>
    <name>Keys</name>
    <message>
        <source>Install and start a Secret Service provider (for example gnome-keyring or KeePassXC), or set {name}.</source>
        <translation>请安装并启动 Secret Service 服务（例如 gnome-keyring 或 KeePassXC），或设置 {name}。</translation>
    </message>
    <message>
        <source>Check the system keychain, or set {name}.</source>
        <translation>请检查系统钥匙串，或设置 {name}。</translation>
    </message>
    <message>
        <source>No usable keyring on this computer ({detail}).</source>
        <translation>此电脑上没有可用的钥匙串（{detail}）。</translation>
    </message>
</context>
<context>
    <name>Language</name>
    <message>
        <source>Chinese needs a font with Chinese characters, and none is installed, so the window stays in English. Install one (on Debian or Ubuntu: sudo apt install fonts-noto-cjk), then start Veo Desktop again.</source>
        <translation>中文界面需要含中文字符的字体，但系统中没有安装，因此窗口保持英文。请安装一个（Debian 或 Ubuntu：sudo apt install fonts-noto-cjk），然后重新启动 Veo Desktop。</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Try the offline demo</source>
        <translation>试用离线演示</translation>
    </message>
    <message>
        <source>Tasks</source>
        <translation>任务</translation>
    </message>
    <message>
        <source>Retry now</source>
        <translation>立即重试</translation>
    </message>
    <message>
        <source>API key</source>
        <translation>API 密钥</translation>
    </message>
    <message>
        <source>Paste your API key (sk-…)</source>
        <translation>粘贴 API 密钥 (sk-…)</translation>
    </message>
    <message>
        <source>Save key</source>
        <translation>保存密钥</translation>
    </message>
    <message>
        <source>Settings…</source>
        <translation>设置…</translation>
    </message>
    <message>
        <source>Start frame</source>
        <translation>起始帧</translation>
    </message>
    <message>
        <source>Your videos appear here.</source>
        <translation>您的视频会显示在这里。</translation>
    </message>
    <message>
        <source>Gallery</source>
        <translation>作品库</translation>
    </message>
    <message>
        <source>Sequence</source>
        <translation>序列</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Open image…</source>
        <translation>打开图片(&amp;O)…</translation>
    </message>
    <message>
        <source>&amp;Paste image</source>
        <translation>粘贴图片(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Import a task id…</source>
        <translation>导入任务 ID(&amp;I)…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation>设置(&amp;S)…</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>Open &amp;log folder</source>
        <translation>打开日志文件夹(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Request log</source>
        <translation>请求日志(&amp;R)</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>加载中…</translation>
    </message>
    <message>
        <source>A submission still waits for the service&apos;s answer: quitting waits for it (up to 15 s) so its task id is kept; only then does that video resume next time.</source>
        <translation>有一个提交仍在等待服务的答复：退出会等待它（最多 15 秒），以便保留其任务 ID；之后该视频才会在下次启动时继续。</translation>
    </message>
    <message>
        <source>{count} submissions still wait for the service&apos;s answer: quitting waits for them (up to 15 s) so their task ids are kept; only then do those videos resume next time.</source>
        <translation>有 {count} 个提交仍在等待服务的答复：退出会等待它们（最多 15 秒），以便保留其任务 ID；之后这些视频才会在下次启动时继续。</translation>
    </message>
    <message>
        <source>Service busy (429): next try in {seconds} s</source>
        <translation>服务繁忙（429）：{seconds} 秒后重试</translation>
    </message>
    <message>
        <source>A video is still being made. It will resume the next time Veo Desktop starts: the service goes on with it meanwhile, and it is saved then.</source>
        <translation>还有一个视频正在生成。下次启动 Veo Desktop 时会继续：在此期间服务会继续生成，届时再保存。</translation>
    </message>
    <message>
        <source>{count} videos are still being made. They will resume the next time Veo Desktop starts: the service goes on with them meanwhile, and they are saved then.</source>
        <translation>还有 {count} 个视频正在生成。下次启动 Veo Desktop 时会继续：在此期间服务会继续生成，届时再保存。</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>退出</translation>
    </message>
    <message>
        <source>Keep working</source>
        <translation>继续工作</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>撤销</translation>
    </message>
</context>
<context>
    <name>Models</name>
    <message>
        <source>{some} or {last}</source>
        <translation>{some} 或 {last}</translation>
    </message>
    <message>
        <source>Flow channel (the provider&apos;s second route, which it calls Reverse)</source>
        <translation>Flow 渠道（服务商的第二条线路，它称之为“逆向”）</translation>
    </message>
    <message>
        <source>Official channel</source>
        <translation>官方渠道</translation>
    </message>
    <message>
        <source>{price} for each finished clip; failed tasks are free</source>
        <translation>每个完成的片段 {price}；失败的任务不收费</translation>
    </message>
    <message>
        <source>Always {seconds} s at {resolution}</source>
        <translation>固定 {seconds} 秒，{resolution}</translation>
    </message>
    <message>
        <source>{seconds} s; {resolutions}</source>
        <translation>{seconds} 秒；{resolutions}</translation>
    </message>
    <message>
        <source>{shapes}: the app picks the model name for your picture&apos;s shape</source>
        <translation>{shapes}：应用会按图片的形状选择模型名称</translation>
    </message>
    <message>
        <source>Takes a start frame and an end frame</source>
        <translation>接受起始帧和结束帧</translation>
    </message>
    <message>
        <source>Takes a start frame (no end frame)</source>
        <translation>接受起始帧（不接受结束帧）</translation>
    </message>
    <message>
        <source>Takes a seed and a negative prompt</source>
        <translation>接受种子和反向提示词</translation>
    </message>
    <message>
        <source>No seed or negative prompt</source>
        <translation>不接受种子和反向提示词</translation>
    </message>
</context>
<context>
    <name>PictureShape</name>
    <message>
        <source>{ratio}, from your picture&apos;s shape</source>
        <translation>{ratio}，根据图片的形状</translation>
    </message>
</context>
<context>
    <name>PlayerKeys</name>
    <message>
        <source>Play or pause (anywhere but a text field)</source>
        <translation>播放或暂停（文本框以外的任何地方）</translation>
    </message>
    <message>
        <source>Play or pause</source>
        <translation>播放或暂停</translation>
    </message>
    <message>
        <source>Back 5 seconds</source>
        <translation>后退 5 秒</translation>
    </message>
    <message>
        <source>Forward 5 seconds</source>
        <translation>前进 5 秒</translation>
    </message>
    <message>
        <source>Back 5 seconds (in the player)</source>
        <translation>后退 5 秒（在播放器中）</translation>
    </message>
    <message>
        <source>Forward 5 seconds (in the player)</source>
        <translation>前进 5 秒（在播放器中）</translation>
    </message>
    <message>
        <source>Previous frame (pauses)</source>
        <translation>上一帧（暂停）</translation>
    </message>
    <message>
        <source>Next frame (pauses)</source>
        <translation>下一帧（暂停）</translation>
    </message>
    <message>
        <source>Full screen</source>
        <translation>全屏</translation>
    </message>
    <message>
        <source>Leave full screen</source>
        <translation>退出全屏</translation>
    </message>
</context>
<context>
    <name>Preview</name>
    <message>
        <source>Preview</source>
        <translation>预览</translation>
    </message>
    <message>
        <source>Finished videos play here.</source>
        <translation>生成好的视频在这里播放。</translation>
    </message>
    <message>
        <source>Download again</source>
        <translation>重新下载</translation>
    </message>
    <message>
        <source>Play</source>
        <translation>播放</translation>
    </message>
    <message>
        <source>Play or pause (Space)</source>
        <translation>播放或暂停（空格）</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>逐帧</translation>
    </message>
    <message>
        <source>Next frame (.)</source>
        <translation>下一帧（.）</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>后退</translation>
    </message>
    <message>
        <source>Previous frame (,)</source>
        <translation>上一帧 (,)</translation>
    </message>
    <message>
        <source>Position</source>
        <translation>播放位置</translation>
    </message>
    <message>
        <source>Loop</source>
        <translation>循环</translation>
    </message>
    <message>
        <source>Mute</source>
        <translation>静音</translation>
    </message>
    <message>
        <source>Volume</source>
        <translation>音量</translation>
    </message>
    <message>
        <source>Image</source>
        <translation>原图</translation>
    </message>
    <message>
        <source>Before / after: show the reference image</source>
        <translation>前后对比：显示参考图片</translation>
    </message>
    <message>
        <source>Full screen</source>
        <translation>全屏</translation>
    </message>
    <message>
        <source>Full screen (F, Esc to leave)</source>
        <translation>全屏（F，按 Esc 退出）</translation>
    </message>
    <message>
        <source>No audio device on this computer</source>
        <translation>此电脑没有音频设备</translation>
    </message>
    <message>
        <source>{name} is missing: it was moved or deleted.</source>
        <translation>{name} 不见了：文件已被移动或删除。</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <source>This video</source>
        <translation>此视频</translation>
    </message>
    <message>
        <source>{name} cannot be played: {reason}.</source>
        <translation>{name} 无法播放：{reason}。</translation>
    </message>
    <message>
        <source>the file is damaged</source>
        <translation>文件已损坏</translation>
    </message>
    <message>
        <source>Use as start frame</source>
        <translation>用作起始帧</translation>
    </message>
    <message>
        <source>Use as end frame</source>
        <translation>用作结束帧</translation>
    </message>
    <message>
        <source>Save frame…</source>
        <translation>保存画面…</translation>
    </message>
    <message>
        <source>This frame</source>
        <translation>当前画面</translation>
    </message>
    <message>
        <source>Use the frame shown as the start or end frame, or save it as a PNG</source>
        <translation>将当前画面用作起始帧或结束帧，或保存为 PNG</translation>
    </message>
    <message>
        <source>Continue</source>
        <translation>接着生成</translation>
    </message>
    <message>
        <source>Play a finished video first</source>
        <translation>请先播放一个已完成的视频</translation>
    </message>
    <message>
        <source>Start a new clip from this one&apos;s last frame, with its settings</source>
        <translation>以这个片段的最后一帧和它的设置开始新片段</translation>
    </message>
    <message>
        <source>(no prompt)</source>
        <translation>（无提示词）</translation>
    </message>
    <message>
        <source>Playing: {prompt} · {settings}</source>
        <translation>正在播放：{prompt} · {settings}</translation>
    </message>
    <message>
        <source>Still: {prompt} · {settings}</source>
        <translation>静止画面：{prompt} · {settings}</translation>
    </message>
    <message>
        <source>Paused: {prompt} · {settings}</source>
        <translation>已暂停：{prompt} · {settings}</translation>
    </message>
</context>
<context>
    <name>PromptPicker</name>
    <message>
        <source>Prompts</source>
        <translation>提示词</translation>
    </message>
    <message>
        <source>Search your saved (★) and recent prompts</source>
        <translation>搜索收藏（★）和最近的提示词</translation>
    </message>
    <message>
        <source>No prompts yet: the ones you generate with appear here</source>
        <translation>还没有提示词：您生成视频时用过的提示词会出现在这里</translation>
    </message>
</context>
<context>
    <name>Provenance</name>
    <message>
        <source>{name} exists and is not a Veo Desktop settings file; left as it is</source>
        <translation>{name} 已存在且不是 Veo Desktop 设置文件；保持原样</translation>
    </message>
    <message>
        <source>{name}: too large to be a Veo Desktop settings file</source>
        <translation>{name}：文件过大，不是 Veo Desktop 设置文件</translation>
    </message>
    <message>
        <source>{name}: not a Veo Desktop settings file (unreadable JSON)</source>
        <translation>{name}：不是 Veo Desktop 设置文件（JSON 无法读取）</translation>
    </message>
    <message>
        <source>{name}: not a Veo Desktop settings file</source>
        <translation>{name}：不是 Veo Desktop 设置文件</translation>
    </message>
    <message>
        <source>{name} exists; the film&apos;s list of clips was not written</source>
        <translation>{name} 已存在；未写入影片的片段列表</translation>
    </message>
</context>
<context>
    <name>QuitWait</name>
    <message>
        <source>Waiting for the service&apos;s answer to a submission (up to {seconds} s)…</source>
        <translation>正在等待服务对提交的答复（最多 {seconds} 秒）…</translation>
    </message>
    <message>
        <source>Waiting for the service&apos;s answer to a submission (up to {seconds} s), so its task id is kept and the video is followed again the next time Veo Desktop starts. Veo Desktop closes then.</source>
        <translation>正在等待服务对提交的答复（最多 {seconds} 秒），以便保留其任务 ID，并在 Veo Desktop 下次启动时继续跟进该视频。之后 Veo Desktop 将关闭。</translation>
    </message>
    <message>
        <source>Quit now</source>
        <translation>立即退出</translation>
    </message>
    <message>
        <source>Wait</source>
        <translation>等待</translation>
    </message>
    <message>
        <source>Without the answer, the submission&apos;s outcome is unknown: it may have been accepted (and is billed if it completes).</source>
        <translation>没有答复，该提交的结果未知：它可能已被接受（若完成则会计费）。</translation>
    </message>
    <message>
        <source>No answer came within {seconds} s to the submission of {names}: its outcome is unknown. The service may already have this task, and will bill it when it completes; it was not sent again. Look for it in your provider&apos;s console (File → Import task id fetches it).</source>
        <translation>{seconds} 秒内没有收到对 {names} 提交的答复：其结果未知。服务可能已经有了这个任务，完成时会计费；它没有被再次发送。请在服务商的控制台中查找它（文件 → 导入任务 ID 可获取它）。</translation>
    </message>
    <message>
        <source>a video</source>
        <translation>一个视频</translation>
    </message>
</context>
<context>
    <name>RequestLog</name>
    <message>
        <source>Request log</source>
        <translation>请求日志</translation>
    </message>
    <message>
        <source>Recent requests to the service. The key is masked: this text is safe to paste into a support ticket.</source>
        <translation>最近发往服务的请求。密钥已隐藏：这段文字可以放心粘贴到支持工单中。</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
</context>
<context>
    <name>Rules</name>
    <message>
        <source>{resolution} videos need 8 seconds</source>
        <translation>{resolution} 视频需要 8 秒时长</translation>
    </message>
    <message>
        <source>portrait (9:16)</source>
        <translation>竖屏 (9:16)</translation>
    </message>
    <message>
        <source>landscape (16:9)</source>
        <translation>横屏 (16:9)</translation>
    </message>
    <message>
        <source>{name} must be one of {options} (got {value})</source>
        <translation>{name}必须是 {options} 之一（当前为 {value}）</translation>
    </message>
    <message>
        <source>{model} makes {fixed}-second clips only (got {value})</source>
        <translation>{model} 只生成 {fixed} 秒的片段（收到 {value}）</translation>
    </message>
    <message>
        <source>{model} makes {fixed} clips only (got {value})</source>
        <translation>{model} 只生成 {fixed} 的片段（收到 {value}）</translation>
    </message>
    <message>
        <source>{model} makes {shape} videos; for {value} use {other}</source>
        <translation>{model} 生成{shape}视频；要 {value} 请用 {other}</translation>
    </message>
    <message>
        <source>An end frame needs a start frame</source>
        <translation>有结束帧时必须有起始帧</translation>
    </message>
    <message>
        <source>{model} needs a start frame; for a video from text only use {other}</source>
        <translation>{model} 需要起始帧；只用文字生成视频请用 {other}</translation>
    </message>
    <message>
        <source>{model} makes videos from text only; for a start frame use {other}</source>
        <translation>{model} 只能用文字生成视频；要用起始帧请用 {other}</translation>
    </message>
    <message>
        <source>{model} takes no end frame; the Flow channel&apos;s {other} does</source>
        <translation>{model} 不接受结束帧；Flow 渠道的 {other} 可以</translation>
    </message>
    <message>
        <source>Describe the motion you want: the prompt is empty</source>
        <translation>请描述您想要的运动：提示词为空</translation>
    </message>
    <message>
        <source>The model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>The length in seconds</source>
        <translation>时长（秒）</translation>
    </message>
    <message>
        <source>The resolution</source>
        <translation>分辨率</translation>
    </message>
    <message>
        <source>The aspect ratio</source>
        <translation>宽高比</translation>
    </message>
    <message>
        <source>{reason}, not {seconds}</source>
        <translation>{reason}，而不是 {seconds}</translation>
    </message>
    <message>
        <source>The seed must be a whole number from 0 to {most}</source>
        <translation>种子必须是 0 到 {most} 之间的整数</translation>
    </message>
    <message>
        <source>{model} takes no seed</source>
        <translation>{model} 不接受种子</translation>
    </message>
    <message>
        <source>{model} takes no negative prompt</source>
        <translation>{model} 不接受反向提示词</translation>
    </message>
    <message>
        <source>The Flow channel takes no seed or negative prompt</source>
        <translation>Flow 渠道不接受种子和反向提示词</translation>
    </message>
    <message>
        <source>{label} takes no end frame; {other} does</source>
        <translation>{label} 不接受结束帧；{other} 可以</translation>
    </message>
    <message>
        <source>{value} is not offered by the service</source>
        <translation>服务不提供 {value}</translation>
    </message>
    <message>
        <source>{label} makes {fixed}-second clips only</source>
        <translation>{label} 只生成 {fixed} 秒的片段</translation>
    </message>
    <message>
        <source>{label} makes {fixed} clips only</source>
        <translation>{label} 只生成 {fixed} 的片段</translation>
    </message>
    <message>
        <source>{label} makes {shape} videos only</source>
        <translation>{label} 只生成{shape}视频</translation>
    </message>
    <message>
        <source>Length set to {seconds} s: {reason}</source>
        <translation>时长已设为 {seconds} 秒：{reason}</translation>
    </message>
    <message>
        <source>The seed must be a whole number from 0 to {most} (got {got})</source>
        <translation>种子必须是 0 到 {most} 之间的整数（当前为 {got}）</translation>
    </message>
</context>
<context>
    <name>Security</name>
    <message>
        <source>The API address {address} is not a valid URL</source>
        <translation>API 地址 {address} 不是有效的网址</translation>
    </message>
    <message>
        <source>The API address must start with https:// (got {address})</source>
        <translation>API 地址必须以 https:// 开头（当前为 {address}）</translation>
    </message>
    <message>
        <source>Refusing to send your API key over plain http:// to {host}; use https://</source>
        <translation>拒绝通过不加密的 http:// 向 {host} 发送您的 API 密钥；请使用 https://</translation>
    </message>
    <message>
        <source>That does not look like an API key (8 or more visible characters, no spaces)</source>
        <translation>这看起来不像 API 密钥（至少 8 个可见字符，不含空格）</translation>
    </message>
</context>
<context>
    <name>Sequence</name>
    <message>
        <source>Clip {number}: {prompt}</source>
        <translation>片段 {number}：{prompt}</translation>
    </message>
    <message>
        <source>Clips of the sequence, in order</source>
        <translation>序列中的片段（按顺序）</translation>
    </message>
    <message>
        <source>◀ Earlier</source>
        <translation>◀ 前移</translation>
    </message>
    <message>
        <source>Later ▶</source>
        <translation>后移 ▶</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>清空</translation>
    </message>
    <message>
        <source>Play sequence</source>
        <translation>播放序列</translation>
    </message>
    <message>
        <source>Export film…</source>
        <translation>导出影片…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>撤销</translation>
    </message>
    <message>
        <source>Add finished clips: right-click a task or a gallery video → Add to sequence (or drag videos from the gallery here). Continue a clip to make the next one.</source>
        <translation>添加已完成的片段：右键点击任务或图库中的视频 → 加入序列（或把图库中的视频拖到这里）。接着生成一个片段即可得到下一个。</translation>
    </message>
    <message>
        <source>Writing the film… %p%</source>
        <translation>正在写入影片… %p%</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>正在取消…</translation>
    </message>
    <message>
        <source>Storyboard: one shot per line. The first starts from the start picture in the form, each later one from the last frame of the shot before.</source>
        <translation>故事板：每行一个镜头。第一个从表单中的起始图片开始，之后每个从上一个镜头的最后一帧开始。</translation>
    </message>
    <message>
        <source>Storyboard shots</source>
        <translation>故事板镜头</translation>
    </message>
    <message>
        <source>Alt+Up and Alt+Down move the shot on the cursor&apos;s line</source>
        <translation>Alt+上 和 Alt+下 可移动光标所在行的镜头</translation>
    </message>
    <message>
        <source>Film storyboard…</source>
        <translation>拍摄故事板…</translation>
    </message>
    <message>
        <source>Retry</source>
        <translation>重试</translation>
    </message>
    <message>
        <source>Edit</source>
        <translation>编辑</translation>
    </message>
    <message>
        <source>Skip</source>
        <translation>跳过</translation>
    </message>
    <message>
        <source>Film again from here</source>
        <translation>从这里重新拍摄</translation>
    </message>
    <message>
        <source>Film the shot on the cursor&apos;s line again, and the shots after it</source>
        <translation>重新拍摄光标所在行的镜头及其之后的镜头</translation>
    </message>
</context>
<context>
    <name>ServiceWords</name>
    <message>
        <source>The service&apos;s safety filter refused this prompt or picture (not charged); sent again unchanged it will likely be refused again</source>
        <translation>服务的安全过滤器拒绝了这个提示词或图片（未收费）；不加修改再次发送很可能会再次被拒绝</translation>
    </message>
    <message>
        <source>Your account with the service has no balance left (not charged)</source>
        <translation>你在服务商的账户余额不足（未收费）</translation>
    </message>
    <message>
        <source>The service could not use the picture (not charged)</source>
        <translation>服务无法使用这张图片（未收费）</translation>
    </message>
    <message>
        <source>The service took too long and gave up (not charged)</source>
        <translation>服务处理超时并放弃了（未收费）</translation>
    </message>
    <message>
        <source>The service said: {words}</source>
        <translation>服务的原话：{words}</translation>
    </message>
</context>
<context>
    <name>Session</name>
    <message>
        <source>No API key. Set APIYI_API_KEY (or store one in the app&apos;s Settings), or try the offline demo with --demo.</source>
        <translation>没有 API 密钥。请设置 APIYI_API_KEY（或在应用的“设置”中保存密钥），或用 --demo 试用离线演示。</translation>
    </message>
</context>
<context>
    <name>Settings</name>
    <message>
        <source>Tasks at once: {value} is not between 1 and {most}</source>
        <translation>同时运行的任务数：{value} 不在 1 到 {most} 之间</translation>
    </message>
    <message>
        <source>Language: {value} is not one of {options}</source>
        <translation>语言：{value} 不在 {options} 之中</translation>
    </message>
    <message>
        <source>API address: {reason}</source>
        <translation>API 地址：{reason}</translation>
    </message>
    <message>
        <source>Output folder: {folder} does not exist</source>
        <translation>输出文件夹：{folder} 不存在</translation>
    </message>
    <message>
        <source>Output folder: {folder} cannot be written to</source>
        <translation>输出文件夹：{folder} 无法写入</translation>
    </message>
</context>
<context>
    <name>SettingsController</name>
    <message>
        <source>Using the key {key} from APIYI_API_KEY in the environment (it wins over the keyring).</source>
        <translation>正在使用环境变量 APIYI_API_KEY 中的密钥 {key}（优先于钥匙串）。</translation>
    </message>
    <message>
        <source>Using the key {key} from your system keyring.</source>
        <translation>正在使用系统钥匙串中的密钥 {key}。</translation>
    </message>
    <message>
        <source>Using the key {key} for this session only (not stored).</source>
        <translation>正在使用密钥 {key}，仅限本次会话（未保存）。</translation>
    </message>
    <message>
        <source>In use: from {variable} in the environment (it wins over this setting).</source>
        <translation>正在使用：来自环境变量 {variable}（优先于此设置）。</translation>
    </message>
    <message>
        <source>In use: from your settings.</source>
        <translation>正在使用：来自你的设置。</translation>
    </message>
    <message>
        <source>In use: the default address.</source>
        <translation>正在使用：默认地址。</translation>
    </message>
    <message>
        <source>In use: from {variable} in the environment, which wins over the address in your settings ({saved}).</source>
        <translation>正在使用：来自环境变量 {variable}，它优先于你设置中的地址（{saved}）。</translation>
    </message>
    <message>
        <source>No key yet.</source>
        <translation>还没有密钥。</translation>
    </message>
    <message>
        <source>No key yet: paste one below, or try the offline demo.</source>
        <translation>还没有密钥：请在下方粘贴，或试用离线演示。</translation>
    </message>
    <message>
        <source>Paste a key to test it: there is no key in use.</source>
        <translation>请粘贴要测试的密钥：当前没有正在使用的密钥。</translation>
    </message>
    <message>
        <source>Testing…</source>
        <translation>正在测试…</translation>
    </message>
    <message>
        <source>Could not test the key: {reason}</source>
        <translation>无法测试密钥：{reason}</translation>
    </message>
    <message>
        <source>The service accepted {key} (testing costs nothing).</source>
        <translation>服务已接受 {key}（测试不收费）。</translation>
    </message>
    <message>
        <source>The service refused {key}: check it and paste again.</source>
        <translation>服务拒绝了 {key}：请检查后重新粘贴。</translation>
    </message>
    <message>
        <source>Saved {key} in your system keyring.</source>
        <translation>已将 {key} 保存到系统钥匙串。</translation>
    </message>
    <message>
        <source>Deleted the key from your system keyring.</source>
        <translation>已从系统钥匙串删除密钥。</translation>
    </message>
    <message>
        <source>There was no key in the keyring.</source>
        <translation>钥匙串中没有密钥。</translation>
    </message>
    <message>
        <source>Using {key} until the app closes; it is not stored.</source>
        <translation>在应用关闭前使用 {key}；不会保存。</translation>
    </message>
    <message>
        <source>Saved.</source>
        <translation>已保存。</translation>
    </message>
    <message>
        <source>The new language shows once the app starts again.</source>
        <translation>新语言将在应用重新启动后显示。</translation>
    </message>
    <message>
        <source>The system keyring is not available on this computer, so a key cannot be stored: a key you save here is kept for this session only, and you paste it again the next time you open the app.</source>
        <translation>这台电脑上没有可用的系统密钥环，因此无法保存密钥：在这里保存的密钥只在本次会话中使用，下次打开应用时需要重新粘贴。</translation>
    </message>
    <message>
        <source>The system keyring is not available on this computer, so {key} is kept for this session only: it is not stored, and you paste it again the next time you open the app.</source>
        <translation>这台电脑上没有可用的系统密钥环，因此 {key} 只在本次会话中使用：它不会被保存，下次打开应用时需要重新粘贴。</translation>
    </message>
    <message>
        <source>The system keyring is not available on this computer, so no key is stored there to delete.</source>
        <translation>这台电脑上没有可用的系统密钥环，因此那里没有可删除的密钥。</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>API key</source>
        <translation>API 密钥</translation>
    </message>
    <message>
        <source>Paste your API key (sk-…)</source>
        <translation>粘贴您的 API 密钥（sk-…）</translation>
    </message>
    <message>
        <source>Test</source>
        <translation>测试</translation>
    </message>
    <message>
        <source>Save key</source>
        <translation>保存密钥</translation>
    </message>
    <message>
        <source>Delete key</source>
        <translation>删除密钥</translation>
    </message>
    <message>
        <source>Use for this session only</source>
        <translation>仅用于本次会话</translation>
    </message>
    <message>
        <source>API key (kept in your system keyring, never in a file)</source>
        <translation>API 密钥（保存在系统钥匙串中，绝不写入文件）</translation>
    </message>
    <message>
        <source>API address</source>
        <translation>API 地址</translation>
    </message>
    <message>
        <source>Output folder</source>
        <translation>输出文件夹</translation>
    </message>
    <message>
        <source>Default: your Videos folder, under Veo Desktop</source>
        <translation>默认：您的“视频”文件夹下的 Veo Desktop</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>Tell me when a video is ready while the window is in the background</source>
        <translation>窗口在后台时，视频生成后通知我</translation>
    </message>
    <message>
        <source>Tasks at once</source>
        <translation>同时运行的任务数</translation>
    </message>
    <message>
        <source>How many tasks the service works on at once; more wait their turn in the list (nothing is sent, nothing is charged, until they start)</source>
        <translation>服务同时处理的任务数；其余任务在列表中排队等待（开始前不会发送，也不会收费）</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <source>Restart now</source>
        <translation>立即重启</translation>
    </message>
    <message>
        <source>The language changes the next time the app starts.</source>
        <translation>语言将在下次启动应用时更改。</translation>
    </message>
</context>
<context>
    <name>ShortcutsHelp</name>
    <message>
        <source>Generate</source>
        <translation>生成</translation>
    </message>
    <message>
        <source>Sequence: move the clip earlier</source>
        <translation>序列：将片段前移</translation>
    </message>
    <message>
        <source>Sequence: move the clip later</source>
        <translation>序列：将片段后移</translation>
    </message>
    <message>
        <source>Sequence: remove the clip</source>
        <translation>序列：移除片段</translation>
    </message>
    <message>
        <source>Open an image</source>
        <translation>打开图片</translation>
    </message>
    <message>
        <source>Paste an image</source>
        <translation>粘贴图片</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>退出</translation>
    </message>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>键盘快捷键</translation>
    </message>
    <message>
        <source>Keys</source>
        <translation>按键</translation>
    </message>
    <message>
        <source>What they do</source>
        <translation>作用</translation>
    </message>
    <message>
        <source>&amp;Keyboard shortcuts</source>
        <translation>键盘快捷键(&amp;K)</translation>
    </message>
</context>
<context>
    <name>Storyboard</name>
    <message>
        <source>{where}: “{name}” must be text</source>
        <translation>{where}：“{name}”必须是文本</translation>
    </message>
    <message>
        <source>shot {number}</source>
        <translation>镜头 {number}</translation>
    </message>
    <message>
        <source>{where}: must be an object with a “prompt”</source>
        <translation>{where}：必须是带有“prompt”的对象</translation>
    </message>
    <message>
        <source>{where}: unknown field “{name}”</source>
        <translation>{where}：未知字段“{name}”</translation>
    </message>
    <message>
        <source>{where}: the prompt is missing</source>
        <translation>{where}：缺少提示词</translation>
    </message>
    <message>
        <source>{where}: a storyboard is a JSON object</source>
        <translation>{where}：分镜脚本应是一个 JSON 对象</translation>
    </message>
    <message>
        <source>{where}: “version” is missing (this release writes {version})</source>
        <translation>{where}：缺少“version”（此版本写入 {version}）</translation>
    </message>
    <message>
        <source>{where}: written by a newer release (version {found}; this one reads {version})</source>
        <translation>{where}：由更新的版本写入（版本 {found}；此版本读取 {version}）</translation>
    </message>
    <message>
        <source>{where}: “shots” must list at least one shot</source>
        <translation>{where}：“shots”至少要列出一个镜头</translation>
    </message>
    <message>
        <source>{where}: at most {most} shots</source>
        <translation>{where}：最多 {most} 个镜头</translation>
    </message>
    <message>
        <source>{where}: “start_image” is missing</source>
        <translation>{where}：缺少“start_image”</translation>
    </message>
    <message>
        <source>{where}: “seed” must be a whole number</source>
        <translation>{where}：“seed” 必须是整数</translation>
    </message>
    <message>
        <source>{where}: too large for a storyboard</source>
        <translation>{where}：文件太大，不是分镜脚本</translation>
    </message>
    <message>
        <source>{where}: no such file</source>
        <translation>{where}：文件不存在</translation>
    </message>
    <message>
        <source>{where}: cannot be read ({reason})</source>
        <translation>{where}：无法读取（{reason}）</translation>
    </message>
    <message>
        <source>{where}: not valid JSON (line {line}, column {column}: {reason})</source>
        <translation>{where}：不是有效的 JSON（第 {line} 行，第 {column} 列：{reason}）</translation>
    </message>
    <message>
        <source>{name} exists; the film&apos;s list of shots was not written</source>
        <translation>{name} 已存在；未写入影片的镜头列表</translation>
    </message>
    <message>
        <source>Shot {number} of {total}</source>
        <translation>镜头 {number}/{total}</translation>
    </message>
    <message>
        <source>Every shot is saved; cutting the film…</source>
        <translation>所有镜头均已保存；正在剪辑影片…</translation>
    </message>
    <message>
        <source>saved already ({path})</source>
        <translation>已保存（{path}）</translation>
    </message>
    <message>
        <source>following its task {task}, sent before (not sent again)</source>
        <translation>正在跟踪之前发送的任务 {task}（不会再次发送）</translation>
    </message>
    <message>
        <source>{shot} ended without a video ({state}): {reason}. Nothing after it was sent; running the storyboard again sends it again (failed tasks are free)</source>
        <translation>{shot}结束但没有视频（{state}）：{reason}。其后的镜头均未发送；再次运行分镜脚本会重新发送它（失败的任务不收费）</translation>
    </message>
    <message>
        <source>saved {path}</source>
        <translation>已保存 {path}</translation>
    </message>
    <message>
        <source>{shot} was sent, but whether the service took it is not known (task {task}); it is never sent again on its own. Look for it in your provider&apos;s console (`veo-desktop import TASK_ID` fetches it). To send it again anyway (it may then be billed twice), remove shot {number} from {progress} and run again</source>
        <translation>{shot}已发送，但不知道服务是否已接受（任务 {task}）；它绝不会被自动重新发送。请在服务商的控制台中查找（`veo-desktop import TASK_ID` 可获取它）。如仍要重新发送（可能会被收费两次），请从 {progress} 中删除镜头 {number} 后再次运行</translation>
    </message>
    <message>
        <source>sending ({model}, {price})</source>
        <translation>正在发送（{model}，{price}）</translation>
    </message>
    <message>
        <source>accepted as task {task}</source>
        <translation>已接受，任务 {task}</translation>
    </message>
    <message>
        <source>changed since it was filmed: filmed again</source>
        <translation>拍摄后已更改：将重新拍摄</translation>
    </message>
    <message>
        <source>its start frame changed: filmed again</source>
        <translation>其起始帧已改变：将重新拍摄</translation>
    </message>
    <message>
        <source>its last attempt ended without a video (free): sent again</source>
        <translation>上次尝试没有生成视频（不收费）：将重新发送</translation>
    </message>
    <message>
        <source>its last attempt was stopped before it was sent</source>
        <translation>上次尝试在发送前已停止</translation>
    </message>
    <message>
        <source>filmed in the other mode (demo or not): filmed again</source>
        <translation>在另一种模式（演示或非演示）下拍摄：将重新拍摄</translation>
    </message>
    <message>
        <source>filmed again, as asked</source>
        <translation>已按要求重新拍摄</translation>
    </message>
    <message>
        <source>{name} cannot be read, so what was already sent is not known; nothing was sent. Repair it, or move it away to film every shot again</source>
        <translation>无法读取 {name}，因此不知道已发送了哪些镜头；未发送任何内容。请修复它，或将其移走以重新拍摄所有镜头</translation>
    </message>
    <message>
        <source>{name} is not a storyboard&apos;s progress file; nothing was sent</source>
        <translation>{name} 不是分镜脚本的进度文件；未发送任何内容</translation>
    </message>
    <message>
        <source>{name} has a shot that cannot be read; nothing was sent</source>
        <translation>{name} 中有无法读取的镜头；未发送任何内容</translation>
    </message>
    <message>
        <source>{name} is being filmed by another run right now</source>
        <translation>{name} 正在由另一个运行拍摄</translation>
    </message>
    <message>
        <source>Shot {number}</source>
        <translation>镜头 {number}</translation>
    </message>
    <message>
        <source>The start picture {problem}</source>
        <translation>起始图片 {problem}</translation>
    </message>
    <message>
        <source>The film {name}: a film is saved as MP4; end the name with .mp4</source>
        <translation>影片 {name}：影片保存为 MP4；文件名请以 .mp4 结尾</translation>
    </message>
    <message>
        <source>The film {name}: the folder {folder} does not exist</source>
        <translation>影片 {name}：文件夹 {folder} 不存在</translation>
    </message>
    <message>
        <source>{shot}: the end frame {problem}</source>
        <translation>{shot}：结束帧 {problem}</translation>
    </message>
    <message>
        <source>less than a minute left</source>
        <translation>剩余不到一分钟</translation>
    </message>
    <message>
        <source>about {minutes} min left</source>
        <translation>剩余约 {minutes} 分钟</translation>
    </message>
    <message>
        <source>about {hours} h left</source>
        <translation>剩余约 {hours} 小时</translation>
    </message>
    <message>
        <source>about {hours} h {minutes} min left</source>
        <translation>剩余约 {hours} 小时 {minutes} 分钟</translation>
    </message>
    <message>
        <source>Shot {number} is stale: its start frame changed</source>
        <translation>第 {number} 个镜头已过时：它的起始帧已改变</translation>
    </message>
    <message>
        <source>Shots {numbers} are stale: their start frames changed</source>
        <translation>第 {numbers} 个镜头已过时：它们的起始帧已改变</translation>
    </message>
    <message>
        <source>the start picture</source>
        <translation>起始图片</translation>
    </message>
    <message>
        <source>the model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>the length, resolution or shape</source>
        <translation>时长、分辨率或画面比例</translation>
    </message>
    <message>
        <source>the negative prompt or seed</source>
        <translation>反向提示词或种子</translation>
    </message>
    <message>
        <source>Since this film was confirmed, the form&apos;s {changes} changed: it starts over from shot 1 with what the form shows now (the shots made so far are not used).</source>
        <translation>自确认此影片以来，表单中的{changes}已改变：它将用表单现在显示的内容从第 1 个镜头重新开始（已制作的镜头不会被使用）。</translation>
    </message>
    <message>
        <source>Already made, filmed again and billed again because its line or what it starts from changed: shot {numbers}.</source>
        <translation>已制作，但因其所在行或起始内容改变，将重新拍摄并再次计费：第 {numbers} 个镜头。</translation>
    </message>
</context>
<context>
    <name>TaskList</name>
    <message>
        <source>Aa</source>
        <translation>文</translation>
    </message>
    <message>
        <source>DEMO</source>
        <translation>演示</translation>
    </message>
    <message>
        <source>model unknown</source>
        <translation>模型未知</translation>
    </message>
    <message>
        <source>free (demo)</source>
        <translation>免费（演示）</translation>
    </message>
    <message>
        <source>not charged</source>
        <translation>未收费</translation>
    </message>
    <message>
        <source>cost unknown</source>
        <translation>费用未知</translation>
    </message>
    <message>
        <source>{price} when done</source>
        <translation>完成后 {price}</translation>
    </message>
    <message>
        <source>Task id: {task_id}</source>
        <translation>任务 ID：{task_id}</translation>
    </message>
    <message>
        <source>Send again… asks first: the service may already have it</source>
        <translation>“再次发送…”会先询问：服务可能已经收到了它</translation>
    </message>
    <message>
        <source>Retry sends it again</source>
        <translation>“重试”会再次发送</translation>
    </message>
    <message>
        <source>Compare end frames… shows your end frame beside the clip&apos;s last frame</source>
        <translation>“比较结束帧…”会将你的结束帧与片段的最后一帧并排显示</translation>
    </message>
    <message>
        <source>Show in folder opens the folder of its video</source>
        <translation>“在文件夹中显示”会打开它的视频所在文件夹</translation>
    </message>
    <message>
        <source>Remove takes it off the list, with Undo</source>
        <translation>“移除”会把它从列表中移除，可撤销</translation>
    </message>
    <message>
        <source>Buttons on the row (also in its menu): {actions}</source>
        <translation>这一行的按钮（菜单中也有）：{actions}</translation>
    </message>
</context>
<context>
    <name>TaskState</name>
    <message>
        <source>Canceled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <source>Waiting for a free slot</source>
        <translation>等待空闲名额</translation>
    </message>
    <message>
        <source>Submitting</source>
        <translation>正在提交</translation>
    </message>
    <message>
        <source>Submitted, outcome unknown</source>
        <translation>已提交，结果未知</translation>
    </message>
    <message>
        <source>Refused</source>
        <translation>被拒绝</translation>
    </message>
    <message>
        <source>Queued</source>
        <translation>排队中</translation>
    </message>
    <message>
        <source>Generating</source>
        <translation>生成中</translation>
    </message>
    <message>
        <source>Downloading</source>
        <translation>下载中</translation>
    </message>
    <message>
        <source>Ready</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>Download failed</source>
        <translation>下载失败</translation>
    </message>
    <message>
        <source>Not followed</source>
        <translation>未跟踪</translation>
    </message>
    <message>
        <source>Could not connect</source>
        <translation>无法连接</translation>
    </message>
    <message>
        <source>Could not connect — nothing was sent, not charged. Check your internet connection.</source>
        <translation>无法连接——没有发送任何内容，不收费。请检查网络连接。</translation>
    </message>
    <message>
        <source>The service did not end this clip on your end frame</source>
        <translation>服务没有让这段视频停在你给的结束帧上</translation>
    </message>
</context>
<context>
    <name>Tasks</name>
    <message>
        <source>The service canceled this task. Canceled tasks are not charged; you can retry.</source>
        <translation>服务已取消此任务。已取消的任务不收费；可以重试。</translation>
    </message>
    <message>
        <source>The service says this task expired. Expired tasks are not charged; you can retry.</source>
        <translation>服务称此任务已过期。过期的任务不收费；可以重试。</translation>
    </message>
    <message>
        <source>The service says “{word}”, a status this app does not know. The task is kept and asked about again, less often.</source>
        <translation>服务返回“{word}”，这是本应用不认识的状态。任务会保留，并以更低的频率继续查询。</translation>
    </message>
    <message>
        <source>The task {task_id} ended without a video: {reason}</source>
        <translation>任务 {task_id} 已结束，没有视频：{reason}</translation>
    </message>
    <message>
        <source>The service gave no reason. Failed tasks are not charged; you can retry.</source>
        <translation>服务没有给出原因。失败的任务不收费；您可以重试。</translation>
    </message>
    <message>
        <source>The offline demo ended before this task finished.</source>
        <translation>离线演示在此任务完成前就结束了。</translation>
    </message>
    <message>
        <source>Another Veo Desktop (a window or a command) is following this task right now.</source>
        <translation>另一个 Veo Desktop（窗口或命令）正在跟踪此任务。</translation>
    </message>
    <message>
        <source>The service at {address} says it does not know this task (404). If that address is wrong (Settings, APIYI_BASE_URL or --base-url), correct it: the task is kept and followed again.</source>
        <translation>{address} 处的服务表示不认识此任务（404）。如果该地址有误（设置、APIYI_BASE_URL 或 --base-url），请更正：任务会保留并重新跟踪。</translation>
    </message>
    <message>
        <source>The service no longer knows this task: it answered 404 for {minutes} minutes while it still knows your other tasks.</source>
        <translation>服务已不再认识此任务：它持续 {minutes} 分钟返回 404，但仍认识你的其他任务。</translation>
    </message>
    <message>
        <source>The service accepted the task {task_id}, but the history could not be written ({reason}). Keep this id: once the problem is fixed, `veo-desktop import {task_id}` fetches the video.</source>
        <translation>服务已接受任务 {task_id}，但无法写入历史记录（{reason}）。请保留此 ID：问题解决后，`veo-desktop import {task_id}` 可以取回视频。</translation>
    </message>
    <message>
        <source>The service answered with the id {task_id}, which belongs to an earlier task in your history; the new submission may or may not have been accepted. It was not sent again.</source>
        <translation>服务返回的 ID {task_id} 属于你历史记录中的较早任务；新的提交可能已被接受，也可能没有。它没有被再次发送。</translation>
    </message>
    <message>
        <source>You stopped waiting for this task. The service still has it (and bills it if it completes); its id is kept: “Follow again” or `veo-desktop import TASK_ID` picks it up.</source>
        <translation>你已停止等待此任务。服务仍持有它（完成后会计费）；其 ID 已保留：“重新跟踪”或 `veo-desktop import TASK_ID` 可以继续跟踪。</translation>
    </message>
    <message>
        <source>Stopped before it was sent; nothing was billed.</source>
        <translation>在发送前已停止；未产生任何费用。</translation>
    </message>
    <message>
        <source>Interrupted while submitting.</source>
        <translation>提交时被中断。</translation>
    </message>
    <message>
        <source>Only a failed task can be retried</source>
        <translation>只有失败的任务才能重试</translation>
    </message>
    <message>
        <source>The reference image of that task is gone; choose it again</source>
        <translation>该任务的参考图片已不存在；请重新选择</translation>
    </message>
    <message>
        <source>Imported task {task_id}</source>
        <translation>导入的任务 {task_id}</translation>
    </message>
    <message>
        <source>The task {task_id} failed: {reason}</source>
        <translation>任务 {task_id} 失败：{reason}</translation>
    </message>
    <message>
        <source>The task {task_id} is not finished yet ({state}); `veo-desktop import` follows it until it is.</source>
        <translation>任务 {task_id} 尚未完成（{state}）；`veo-desktop import` 会一直跟踪到它完成。</translation>
    </message>
    <message>
        <source>Only a task you stopped waiting for can be followed again</source>
        <translation>只有你停止等待的任务才能重新跟踪</translation>
    </message>
    <message>
        <source>Not sent: {reason}</source>
        <translation>未发送：{reason}</translation>
    </message>
    <message>
        <source>Stopped following this task: {reason}</source>
        <translation>已停止跟踪此任务：{reason}</translation>
    </message>
    <message>
        <source>Following resumes on the next start.</source>
        <translation>下次启动时将继续跟踪。</translation>
    </message>
    <message>
        <source>Still following; trying again.</source>
        <translation>仍在跟踪；正在重试。</translation>
    </message>
    <message>
        <source>the file name is too long</source>
        <translation>文件名太长</translation>
    </message>
    <message>
        <source>Trying again.</source>
        <translation>正在重试。</translation>
    </message>
    <message>
        <source>The app stopped while this was being submitted; the service may have accepted it. It was not sent again, so you are never billed twice.</source>
        <translation>提交过程中应用停止了；服务可能已经接受了该任务。应用没有再次提交，因此绝不会重复收费。</translation>
    </message>
    <message>
        <source>Cannot save videos in {folder}: {reason}. Nothing was sent.</source>
        <translation>无法在 {folder} 中保存视频：{reason}。未发送任何内容。</translation>
    </message>
    <message>
        <source>it is not a folder</source>
        <translation>它不是文件夹</translation>
    </message>
    <message>
        <source>the folder does not exist</source>
        <translation>该文件夹不存在</translation>
    </message>
</context>
</TS>
