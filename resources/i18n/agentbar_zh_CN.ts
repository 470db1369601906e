<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AgentBar</name>
    <message>
        <source>Ready</source>
        <translation>示闲</translation>
    </message>
    <message>
        <source>Become ready for calls</source>
        <translation>示闲，准备接听来电</translation>
    </message>
    <message>
        <source>Busy</source>
        <translation>示忙</translation>
    </message>
    <message>
        <source>Rest</source>
        <translation>休息</translation>
    </message>
    <message>
        <source>Take a rest for a while</source>
        <translation>休息一段时间</translation>
    </message>
    <message>
        <source>Wrap-up</source>
        <translation>整理</translation>
    </message>
    <message>
        <source>Enter wrap-up (after-call work)</source>
        <translation>进入整理态（话后处理）</translation>
    </message>
    <message>
        <source>Answer</source>
        <translation>接听</translation>
    </message>
    <message>
        <source>Answer the ringing call</source>
        <translation>接听振铃中的来电</translation>
    </message>
    <message>
        <source>Hang up</source>
        <translation>挂断</translation>
    </message>
    <message>
        <source>End the call</source>
        <translation>结束通话</translation>
    </message>
    <message>
        <source>Transfer</source>
        <translation>转移</translation>
    </message>
    <message>
        <source>Transfer the call</source>
        <translation>转移通话</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>Language and window settings</source>
        <translation>语言和窗口设置</translation>
    </message>
    <message>
        <source>Work order</source>
        <translation>工单</translation>
    </message>
    <message>
        <source>Open a work order for this call</source>
        <translation>为本次通话新建工单</translation>
    </message>
    <message>
        <source>Show tabs</source>
        <translation>显示标签页</translation>
    </message>
    <message>
        <source>Become busy; the arrow picks a reason ({0})</source>
        <translation>示忙；箭头可选择原因（{0}）</translation>
    </message>
    <message>
        <source>More commands</source>
        <translation>更多命令</translation>
    </message>
    <message>
        <source>Show or hide the Skills and Events tabs ({0})</source>
        <translation>显示或隐藏技能和事件标签页（{0}）</translation>
    </message>
    <message>
        <source>State colour</source>
        <translation>状态颜色</translation>
    </message>
    <message>
        <source>Agent</source>
        <translation>座席</translation>
    </message>
    <message>
        <source>Agent state and time in it</source>
        <translation>座席状态及持续时间</translation>
    </message>
    <message>
        <source>Connection and round trip</source>
        <translation>连接状态和往返时延</translation>
    </message>
    <message>
        <source>Caller number</source>
        <translation>主叫号码</translation>
    </message>
    <message>
        <source>Call time</source>
        <translation>通话时长</translation>
    </message>
    <message>
        <source>Busy, no reason</source>
        <translation>示忙（无原因）</translation>
    </message>
    <message>
        <source>Busy, reason {0}</source>
        <translation>示忙，原因码 {0}</translation>
    </message>
    <message>
        <source>Agent {0}</source>
        <translation>座席 {0}</translation>
    </message>
    <message>
        <source>{0} ms</source>
        <translation>{0} 毫秒</translation>
    </message>
    <message>
        <source>Unknown caller</source>
        <translation>未知主叫</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>恢复</translation>
    </message>
    <message>
        <source>Hold</source>
        <translation>保持</translation>
    </message>
    <message>
        <source>Take the customer off hold</source>
        <translation>取消保持，恢复与客户通话</translation>
    </message>
    <message>
        <source>Put the customer on hold</source>
        <translation>将客户置于保持</translation>
    </message>
    <message>
        <source>Unmute</source>
        <translation>取消静音</translation>
    </message>
    <message>
        <source>Mute</source>
        <translation>静音</translation>
    </message>
    <message>
        <source>Let the customer hear you again</source>
        <translation>让客户重新听到您的声音</translation>
    </message>
    <message>
        <source>Stop the customer hearing you</source>
        <translation>让客户听不到您的声音</translation>
    </message>
    <message>
        <source>Sign out</source>
        <translation>签出</translation>
    </message>
    <message>
        <source>Sign out of the gateway</source>
        <translation>从网关签出</translation>
    </message>
    <message>
        <source>Sign in</source>
        <translation>签入</translation>
    </message>
    <message>
        <source>Sign in to the gateway</source>
        <translation>签入网关</translation>
    </message>
    <message>
        <source>ringing {0}</source>
        <translation>振铃 {0}</translation>
    </message>
</context>
<context>
    <name>AgentEvent</name>
    <message>
        <source>All agents are busy</source>
        <translation>所有座席均忙</translation>
    </message>
    <message>
        <source>Busy</source>
        <translation>示忙</translation>
    </message>
    <message>
        <source>Busy (reason {reason})</source>
        <translation>示忙（原因 {reason}）</translation>
    </message>
    <message>
        <source>Busy cancelled</source>
        <translation>取消示忙</translation>
    </message>
    <message>
        <source>Call answered automatically</source>
        <translation>来电已自动接听</translation>
    </message>
    <message>
        <source>Call ended</source>
        <translation>通话结束</translation>
    </message>
    <message>
        <source>Call from {caller} answered automatically</source>
        <translation>已自动接听来自 {caller} 的来电</translation>
    </message>
    <message>
        <source>Call from {caller} ringing</source>
        <translation>来自 {caller} 的来电正在振铃</translation>
    </message>
    <message>
        <source>Call not answered</source>
        <translation>来电未接听</translation>
    </message>
    <message>
        <source>Call on hold</source>
        <translation>通话已保持</translation>
    </message>
    <message>
        <source>Call ringing</source>
        <translation>来电振铃</translation>
    </message>
    <message>
        <source>Chat connected</source>
        <translation>交谈已接通</translation>
    </message>
    <message>
        <source>Chat ended</source>
        <translation>交谈结束</translation>
    </message>
    <message>
        <source>Chat message received</source>
        <translation>收到交谈消息</translation>
    </message>
    <message>
        <source>Chat request</source>
        <translation>交谈请求</translation>
    </message>
    <message>
        <source>Conference ringing</source>
        <translation>会议振铃</translation>
    </message>
    <message>
        <source>Conference started</source>
        <translation>三方通话开始</translation>
    </message>
    <message>
        <source>Conference with {partner}</source>
        <translation>与 {partner} 的三方通话</translation>
    </message>
    <message>
        <source>Consultation failed</source>
        <translation>咨询失败</translation>
    </message>
    <message>
        <source>Could not connect your phone</source>
        <translation>无法接通您的话机</translation>
    </message>
    <message>
        <source>Customer hung up</source>
        <translation>客户已挂机</translation>
    </message>
    <message>
        <source>Customer {number} hung up</source>
        <translation>客户 {number} 已挂机</translation>
    </message>
    <message>
        <source>Event {event_type}</source>
        <translation>事件 {event_type}</translation>
    </message>
    <message>
        <source>Incoming call</source>
        <translation>来电</translation>
    </message>
    <message>
        <source>Incoming call ({skill})</source>
        <translation>来电（{skill}）</translation>
    </message>
    <message>
        <source>Incoming call from {caller}</source>
        <translation>来自 {caller} 的来电</translation>
    </message>
    <message>
        <source>Incoming call from {caller} ({skill})</source>
        <translation>来自 {caller} 的来电（{skill}）</translation>
    </message>
    <message>
        <source>Inspector notice</source>
        <translation>质检通知</translation>
    </message>
    <message>
        <source>Inspector notice: {subtype}</source>
        <translation>质检通知：{subtype}</translation>
    </message>
    <message>
        <source>Inspector notice: {subtype} {agent}</source>
        <translation>质检通知：{subtype} {agent}</translation>
    </message>
    <message>
        <source>Internal call failed</source>
        <translation>内部呼叫失败</translation>
    </message>
    <message>
        <source>Linked phone calling</source>
        <translation>联动话机正在呼叫</translation>
    </message>
    <message>
        <source>Linked phone calling {called}</source>
        <translation>联动话机正在呼叫 {called}</translation>
    </message>
    <message>
        <source>Linked phone on hold</source>
        <translation>联动话机已保持</translation>
    </message>
    <message>
        <source>Linked phone state changed</source>
        <translation>联动话机状态已变化</translation>
    </message>
    <message>
        <source>Linked phone: {status}</source>
        <translation>联动话机：{status}</translation>
    </message>
    <message>
        <source>Occupied</source>
        <translation>被占用</translation>
    </message>
    <message>
        <source>Other party ringing</source>
        <translation>对方正在振铃</translation>
    </message>
    <message>
        <source>Outbound call failed</source>
        <translation>外呼失败</translation>
    </message>
    <message>
        <source>Outbound detection result</source>
        <translation>外呼检测结果</translation>
    </message>
    <message>
        <source>Outbound detection: {desc}</source>
        <translation>外呼检测：{desc}</translation>
    </message>
    <message>
        <source>Phone busy</source>
        <translation>话机忙</translation>
    </message>
    <message>
        <source>Phone hung up</source>
        <translation>话机挂机</translation>
    </message>
    <message>
        <source>Phone off hook</source>
        <translation>话机摘机</translation>
    </message>
    <message>
        <source>Phone ringing</source>
        <translation>话机振铃</translation>
    </message>
    <message>
        <source>Phone state unknown</source>
        <translation>话机状态未知</translation>
    </message>
    <message>
        <source>Ready</source>
        <translation>示闲</translation>
    </message>
    <message>
        <source>Recording failed</source>
        <translation>录音失败</translation>
    </message>
    <message>
        <source>Recording finished</source>
        <translation>录音结束</translation>
    </message>
    <message>
        <source>Recording started</source>
        <translation>开始录音</translation>
    </message>
    <message>
        <source>Recording started ({file})</source>
        <translation>开始录音（{file}）</translation>
    </message>
    <message>
        <source>Reserved by the platform</source>
        <translation>被平台预占</translation>
    </message>
    <message>
        <source>Rest cancelled</source>
        <translation>取消休息</translation>
    </message>
    <message>
        <source>Rest started</source>
        <translation>开始休息</translation>
    </message>
    <message>
        <source>Rest started (cause {reason})</source>
        <translation>开始休息（原因 {reason}）</translation>
    </message>
    <message>
        <source>Rest time is up</source>
        <translation>休息时间已到</translation>
    </message>
    <message>
        <source>Ringing at {other}</source>
        <translation>{other} 正在振铃</translation>
    </message>
    <message>
        <source>Set to busy by an inspector</source>
        <translation>质检员将您置为示忙</translation>
    </message>
    <message>
        <source>Set to ready by an inspector</source>
        <translation>质检员将您置为示闲</translation>
    </message>
    <message>
        <source>Signed in</source>
        <translation>已签入</translation>
    </message>
    <message>
        <source>Signed out</source>
        <translation>已签出</translation>
    </message>
    <message>
        <source>Talking</source>
        <translation>通话中</translation>
    </message>
    <message>
        <source>Talking with {caller}</source>
        <translation>正在与 {caller} 通话</translation>
    </message>
    <message>
        <source>Wrap-up ended</source>
        <translation>退出整理态</translation>
    </message>
    <message>
        <source>Wrap-up started</source>
        <translation>进入整理态</translation>
    </message>
    <message>
        <source>Wrap-up started on request</source>
        <translation>按请求进入整理态</translation>
    </message>
</context>
<context>
    <name>Banner</name>
    <message>
        <source>Dismiss message</source>
        <translation>关闭消息</translation>
    </message>
</context>
<context>
    <name>CaseDialog</name>
    <message>
        <source>New work order</source>
        <translation>新建工单</translation>
    </message>
</context>
<context>
    <name>CaseTypePicker</name>
    <message>
        <source>Search case types</source>
        <translation>搜索工单类型</translation>
    </message>
    <message>
        <source>Case types</source>
        <translation>工单类型</translation>
    </message>
</context>
<context>
    <name>CaseValidation</name>
    <message>
        <source>Enter a title.</source>
        <translation>请输入标题。</translation>
    </message>
    <message>
        <source>The title is too long: at most 128 bytes (a Chinese character counts as 3).</source>
        <translation>标题过长：最多 128 字节（一个汉字按 3 字节计）。</translation>
    </message>
    <message>
        <source>Enter a description.</source>
        <translation>请输入描述。</translation>
    </message>
    <message>
        <source>The description is too long: at most 20,000 bytes (a Chinese character counts as 3).</source>
        <translation>描述过长：最多 20,000 字节（一个汉字按 3 字节计）。</translation>
    </message>
    <message>
        <source>Choose a case type.</source>
        <translation>请选择工单类型。</translation>
    </message>
    <message>
        <source>The case type ID is longer than 20 characters.</source>
        <translation>工单类型 ID 超过 20 个字符。</translation>
    </message>
    <message>
        <source>Enter the contact ID.</source>
        <translation>请输入联系人 ID。</translation>
    </message>
    <message>
        <source>The contact ID is longer than 20 characters.</source>
        <translation>联系人 ID 超过 20 个字符。</translation>
    </message>
    <message>
        <source>The creator ID is not set. Add it in the settings.</source>
        <translation>未设置创建人 ID。请在设置中添加。</translation>
    </message>
    <message>
        <source>The creator ID is longer than 20 characters.</source>
        <translation>创建人 ID 超过 20 个字符。</translation>
    </message>
    <message>
        <source>Enter an owner, or let the case be assigned automatically.</source>
        <translation>请输入处理人，或让工单自动分配。</translation>
    </message>
    <message>
        <source>The owner ID is longer than 20 characters.</source>
        <translation>处理人 ID 超过 20 个字符。</translation>
    </message>
    <message>
        <source>The priority must be Low, Medium, High or Critical.</source>
        <translation>优先级必须是 Low、Medium、High 或 Critical。</translation>
    </message>
    <message>
        <source>The origin must be Voice, Whatapp, webchat or Email.</source>
        <translation>来源必须是 Voice、Whatapp、webchat 或 Email。</translation>
    </message>
    <message>
        <source>The due date must look like 2024-07-08 17:30:00.</source>
        <translation>截止时间的格式应为 2024-07-08 17:30:00。</translation>
    </message>
    <message>
        <source>The contact phone is longer than 20 characters.</source>
        <translation>联系电话超过 20 个字符。</translation>
    </message>
    <message>
        <source>The business entity ID is longer than 20 characters.</source>
        <translation>业务实体 ID 超过 20 个字符。</translation>
    </message>
    <message>
        <source>Only jpg, jpeg, png, gif, pdf, doc and docx files can be attached.</source>
        <translation>只能附加 jpg、jpeg、png、gif、pdf、doc 和 docx 文件。</translation>
    </message>
    <message>
        <source>A file is larger than 5 MB.</source>
        <translation>文件大于 5 MB。</translation>
    </message>
    <message>
        <source>A file is empty.</source>
        <translation>文件为空。</translation>
    </message>
    <message>
        <source>At most 5 files can be attached.</source>
        <translation>最多可附加 5 个文件。</translation>
    </message>
    <message>
        <source>A template field uses the name of a standard field.</source>
        <translation>模板字段使用了标准字段的名称。</translation>
    </message>
    <message>
        <source>A template field name is not valid.</source>
        <translation>模板字段名称无效。</translation>
    </message>
    <message>
        <source>A template field value must be text, a number or yes/no.</source>
        <translation>模板字段的值必须是文本、数字或是/否。</translation>
    </message>
    <message>
        <source>Write template fields as name = value.</source>
        <translation>模板字段请写成 名称 = 值。</translation>
    </message>
    <message>
        <source>The work order is not valid.</source>
        <translation>工单无效。</translation>
    </message>
</context>
<context>
    <name>CaseView</name>
    <message>
        <source>No call yet.</source>
        <translation>还没有通话。</translation>
    </message>
    <message>
        <source>Fill from call</source>
        <translation>从通话填写</translation>
    </message>
    <message>
        <source>No case type chosen.</source>
        <translation>未选择工单类型。</translation>
    </message>
    <message>
        <source>(not set)</source>
        <translation>（未设置）</translation>
    </message>
    <message>
        <source>Low</source>
        <translation>低</translation>
    </message>
    <message>
        <source>Medium</source>
        <translation>中</translation>
    </message>
    <message>
        <source>High</source>
        <translation>高</translation>
    </message>
    <message>
        <source>Critical</source>
        <translation>紧急</translation>
    </message>
    <message>
        <source>Voice</source>
        <translation>语音</translation>
    </message>
    <message>
        <source>WhatsApp</source>
        <translation>WhatsApp</translation>
    </message>
    <message>
        <source>Web chat</source>
        <translation>网页交谈</translation>
    </message>
    <message>
        <source>Email</source>
        <translation>电子邮件</translation>
    </message>
    <message>
        <source>Due</source>
        <translation>截止</translation>
    </message>
    <message>
        <source>Assign automatically</source>
        <translation>自动分配</translation>
    </message>
    <message>
        <source>Owner ID</source>
        <translation>处理人 ID</translation>
    </message>
    <message>
        <source>Attachments</source>
        <translation>附件</translation>
    </message>
    <message>
        <source>Attach…</source>
        <translation>添加附件…</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <source>Template fields, one per line: name = value</source>
        <translation>模板字段，每行一个：名称 = 值</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>标题</translation>
    </message>
    <message>
        <source>Case type</source>
        <translation>工单类型</translation>
    </message>
    <message>
        <source>Contact ID</source>
        <translation>联系人 ID</translation>
    </message>
    <message>
        <source>Contact phone</source>
        <translation>联系电话</translation>
    </message>
    <message>
        <source>Priority</source>
        <translation>优先级</translation>
    </message>
    <message>
        <source>Origin</source>
        <translation>来源渠道</translation>
    </message>
    <message>
        <source>Due date</source>
        <translation>截止日期</translation>
    </message>
    <message>
        <source>Owner</source>
        <translation>处理人</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>描述</translation>
    </message>
    <message>
        <source>Template fields</source>
        <translation>模板字段</translation>
    </message>
    <message>
        <source>Submit</source>
        <translation>提交</translation>
    </message>
    <message>
        <source>Submit the work order ({0})</source>
        <translation>提交工单（{0}）</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>清空</translation>
    </message>
    <message>
        <source>Case types could not be loaded: {0}</source>
        <translation>无法加载工单类型：{0}</translation>
    </message>
    <message>
        <source>Last call: {0} at {1}</source>
        <translation>上一通话：{1} 来自 {0}</translation>
    </message>
    <message>
        <source>Call from {0} at {1}</source>
        <translation>{1} 来自 {0} 的来电</translation>
    </message>
    <message>
        <source>{0} cannot be read.</source>
        <translation>无法读取 {0}。</translation>
    </message>
    <message>
        <source>Attach files</source>
        <translation>添加附件</translation>
    </message>
    <message>
        <source>Documents and images ({0})</source>
        <translation>文档和图片 ({0})</translation>
    </message>
    <message>
        <source>An attachment could not be read: {0}</source>
        <translation>无法读取附件：{0}</translation>
    </message>
    <message>
        <source>Work order queued: {0}</source>
        <translation>工单已排队：{0}</translation>
    </message>
    <message>
        <source>Fixing a queued work order. The server said: {0}</source>
        <translation>正在修正排队中的工单。服务器返回：{0}</translation>
    </message>
</context>
<context>
    <name>CecError</name>
    <message>
        <source>A chat (multimedia) operation failed.</source>
        <translation>交谈（多媒体）操作失败。</translation>
    </message>
    <message>
        <source>A conference operation failed.</source>
        <translation>会议操作失败。</translation>
    </message>
    <message>
        <source>A configuration operation failed.</source>
        <translation>配置操作失败。</translation>
    </message>
    <message>
        <source>An inspector cannot inspect themselves.</source>
        <translation>质检员不能质检自己。</translation>
    </message>
    <message>
        <source>Busy</source>
        <translation>服务器繁忙</translation>
    </message>
    <message>
        <source>CEC error</source>
        <translation>CEC 错误</translation>
    </message>
    <message>
        <source>Cannot reach the server. Check the address and the network.</source>
        <translation>无法连接服务器，请检查地址和网络。</translation>
    </message>
    <message>
        <source>Certificate problem</source>
        <translation>证书问题</translation>
    </message>
    <message>
        <source>Connection problem</source>
        <translation>连接问题</translation>
    </message>
    <message>
        <source>Converting the recording failed.</source>
        <translation>录音转换失败。</translation>
    </message>
    <message>
        <source>Downloading the recording from storage failed.</source>
        <translation>从存储下载录音失败。</translation>
    </message>
    <message>
        <source>No drive-letter mapping is configured for recordings.</source>
        <translation>未配置录音盘符映射。</translation>
    </message>
    <message>
        <source>Not authorised</source>
        <translation>未授权</translation>
    </message>
    <message>
        <source>Quality inspection refused the access token. Check the app key and secret, and that the service is purchased.</source>
        <translation>质检服务拒绝了访问令牌。请检查应用密钥和密码，以及是否已开通该服务。</translation>
    </message>
    <message>
        <source>Quality inspection refused the request.</source>
        <translation>质检服务拒绝了该请求。</translation>
    </message>
    <message>
        <source>Quality inspection sent data of an unexpected shape.</source>
        <translation>质检服务返回的数据结构不符合预期。</translation>
    </message>
    <message>
        <source>Recording download is not enabled on the server.</source>
        <translation>服务器未开启录音下载。</translation>
    </message>
    <message>
        <source>Request refused</source>
        <translation>请求被拒绝</translation>
    </message>
    <message>
        <source>Sign in first to download through the gateway.</source>
        <translation>请先签入，才能通过网关下载。</translation>
    </message>
    <message>
        <source>Sign-in refused</source>
        <translation>签入被拒绝</translation>
    </message>
    <message>
        <source>Sign-out parameters are invalid.</source>
        <translation>签出参数无效。</translation>
    </message>
    <message>
        <source>Signed in elsewhere</source>
        <translation>已在别处签入</translation>
    </message>
    <message>
        <source>Signed out</source>
        <translation>已签出</translation>
    </message>
    <message>
        <source>Signed out by the server</source>
        <translation>已被服务器签出</translation>
    </message>
    <message>
        <source>The API gateway refused the app key or secret. Check them in the settings.</source>
        <translation>API 网关拒绝了应用密钥或密码，请在设置中检查。</translation>
    </message>
    <message>
        <source>The API gateway sent no access token.</source>
        <translation>API 网关未返回访问令牌。</translation>
    </message>
    <message>
        <source>The CC-FS secret key (SK) is not set. Add it in the settings.</source>
        <translation>尚未设置 CC-FS 密钥（SK），请在设置中添加。</translation>
    </message>
    <message>
        <source>The FAQ app secret is not set. Add it in the settings.</source>
        <translation>尚未设置 FAQ 应用密钥，请在设置中添加。</translation>
    </message>
    <message>
        <source>The FAQ service could not handle the request.</source>
        <translation>FAQ 服务无法处理该请求。</translation>
    </message>
    <message>
        <source>The FAQ service refused the access token.</source>
        <translation>FAQ 服务拒绝了访问令牌。</translation>
    </message>
    <message>
        <source>The FAQ service sent a status of an unexpected type.</source>
        <translation>FAQ 服务返回了意外类型的状态。</translation>
    </message>
    <message>
        <source>The FAQ service sent an answer of an unexpected shape.</source>
        <translation>FAQ 服务返回的应答结构不符合预期。</translation>
    </message>
    <message>
        <source>The FAQ service sent no token.</source>
        <translation>FAQ 服务未返回令牌。</translation>
    </message>
    <message>
        <source>The agent is busy and cannot be signed out by force.</source>
        <translation>座席正忙，无法强制签出。</translation>
    </message>
    <message>
        <source>The call operation failed.</source>
        <translation>呼叫操作失败。</translation>
    </message>
    <message>
        <source>The connection was lost during the download. It can be resumed.</source>
        <translation>下载过程中连接断开，可以继续下载。</translation>
    </message>
    <message>
        <source>The download ended early. It can be resumed.</source>
        <translation>下载提前结束，可以继续下载。</translation>
    </message>
    <message>
        <source>The gateway is recovering from a failover. Sign in again if this persists.</source>
        <translation>网关正在从倒换中恢复。如持续出现，请重新签入。</translation>
    </message>
    <message>
        <source>The gateway is switching over. Try again in a moment.</source>
        <translation>网关正在倒换，请稍后重试。</translation>
    </message>
    <message>
        <source>The gateway rejected a parameter of the request.</source>
        <translation>网关拒绝了请求中的某个参数。</translation>
    </message>
    <message>
        <source>The gateway rejected the event query method.</source>
        <translation>网关拒绝了事件查询方式。</translation>
    </message>
    <message>
        <source>The gateway rejected the message parameters.</source>
        <translation>网关拒绝了消息参数。</translation>
    </message>
    <message>
        <source>The gateway reported an internal error. Try again later.</source>
        <translation>网关报告内部错误，请稍后重试。</translation>
    </message>
    <message>
        <source>The gateway sent no new session.</source>
        <translation>网关没有返回新的会话。</translation>
    </message>
    <message>
        <source>The gateway sent the skills in an unexpected shape.</source>
        <translation>网关返回的技能结构不符合预期。</translation>
    </message>
    <message>
        <source>The gateway started the call but sent no call ID.</source>
        <translation>网关发起了呼叫，但没有返回呼叫 ID。</translation>
    </message>
    <message>
        <source>A sign-in is already in progress. Wait a moment and try again.</source>
        <translation>正在签入，请稍候再试。</translation>
    </message>
    <message>
        <source>A sign-in parameter is invalid. Check the agent ID and phone number in Settings.</source>
        <translation>签入参数无效。请在设置中检查座席工号和电话号码。</translation>
    </message>
    <message>
        <source>Sign-in failed: the platform is unavailable. Try again later; if it persists, tell your supervisor.</source>
        <translation>签入失败：平台不可用。请稍后再试；如果问题持续，请告知您的主管。</translation>
    </message>
    <message>
        <source>Sign-in parameters are empty or invalid. Check the agent ID and phone number in Settings.</source>
        <translation>签入参数为空或无效。请在设置中检查座席工号和电话号码。</translation>
    </message>
    <message>
        <source>The IP address is invalid. Ask your administrator to check which addresses may sign in.</source>
        <translation>IP 地址无效。请联系管理员检查允许签入的地址。</translation>
    </message>
    <message>
        <source>The VDN does not match. Ask your administrator to check this agent&apos;s VDN.</source>
        <translation>VDN 不匹配。请联系管理员检查此座席的 VDN。</translation>
    </message>
    <message>
        <source>The connection to the server was lost. Check the network and try again.</source>
        <translation>与服务器的连接已断开。请检查网络后重试。</translation>
    </message>
    <message>
        <source>The gateway accepted the sign-in but sent no session (Set-GUID). Try again; if it persists, tell IT.</source>
        <translation>网关接受了签入，但未返回会话（Set-GUID）。请重试；如果问题持续，请告知 IT 部门。</translation>
    </message>
    <message>
        <source>The gateway reported success with an HTTP error status. Try again later.</source>
        <translation>网关报告成功，但 HTTP 状态为错误。请稍后再试。</translation>
    </message>
    <message>
        <source>The gateway&apos;s answer has no result code. Check the gateway address in Settings.</source>
        <translation>网关的应答中没有结果码。请在设置中检查网关地址。</translation>
    </message>
    <message>
        <source>The phone number is invalid. Check the phone number in Settings.</source>
        <translation>电话号码无效。请在设置中检查电话号码。</translation>
    </message>
    <message>
        <source>The phone number is not in the configured range. Check it in Settings or ask your administrator.</source>
        <translation>电话号码不在配置的范围内。请在设置中检查，或联系管理员。</translation>
    </message>
    <message>
        <source>The quality inspection app secret is not set. Add it in the settings.</source>
        <translation>尚未设置质检应用密钥，请在设置中添加。</translation>
    </message>
    <message>
        <source>The recording file does not exist.</source>
        <translation>录音文件不存在。</translation>
    </message>
    <message>
        <source>The recording file name is invalid.</source>
        <translation>录音文件名无效。</translation>
    </message>
    <message>
        <source>The recording format is not supported.</source>
        <translation>不支持该录音格式。</translation>
    </message>
    <message>
        <source>The recording format parameter is missing.</source>
        <translation>缺少录音格式参数。</translation>
    </message>
    <message>
        <source>The recording location ID is missing.</source>
        <translation>缺少录音位置 ID。</translation>
    </message>
    <message>
        <source>The same request is still being processed. Wait for it to finish.</source>
        <translation>相同的请求仍在处理中，请等待其完成。</translation>
    </message>
    <message>
        <source>The server address is not a valid URL. Check the settings.</source>
        <translation>服务器地址不是有效的 URL，请检查设置。</translation>
    </message>
    <message>
        <source>The server answered with an unknown code.</source>
        <translation>服务器返回了未知的错误码。</translation>
    </message>
    <message>
        <source>The server did not answer in time. Check the network and try again.</source>
        <translation>服务器未及时应答，请检查网络后重试。</translation>
    </message>
    <message>
        <source>The server has not enough disk space.</source>
        <translation>服务器磁盘空间不足。</translation>
    </message>
    <message>
        <source>The server refused the credentials (HTTP 401). Check the AK/SK or sign in again.</source>
        <translation>服务器拒绝了凭据（HTTP 401）。请检查 AK/SK 或重新签入。</translation>
    </message>
    <message>
        <source>The server refused the download.</source>
        <translation>服务器拒绝了下载。</translation>
    </message>
    <message>
        <source>The server reported an internal error. Try again later.</source>
        <translation>服务器报告内部错误，请稍后重试。</translation>
    </message>
    <message>
        <source>The server sent JSON of an unexpected shape.</source>
        <translation>服务器返回的 JSON 结构不符合预期。</translation>
    </message>
    <message>
        <source>The server sent a message instead of the recording.</source>
        <translation>服务器返回的是消息而不是录音。</translation>
    </message>
    <message>
        <source>The server sent a web page instead of data. Check the server address.</source>
        <translation>服务器返回的是网页而不是数据，请检查服务器地址。</translation>
    </message>
    <message>
        <source>The server sent a web page instead of the recording. Check the server address.</source>
        <translation>服务器返回的是网页而不是录音，请检查服务器地址。</translation>
    </message>
    <message>
        <source>The server sent an empty answer. Check the server address and try again.</source>
        <translation>服务器返回了空应答。请检查服务器地址后重试。</translation>
    </message>
    <message>
        <source>The server sent data that could not be read. Check the server address.</source>
        <translation>服务器返回的数据无法读取。请检查服务器地址。</translation>
    </message>
    <message>
        <source>The server&apos;s certificate could not be verified. Ask IT for the right CA bundle (tls.ca_bundle in the profile).</source>
        <translation>无法验证服务器证书。请向 IT 部门索取正确的 CA 证书包（配置文件中的 tls.ca_bundle）。</translation>
    </message>
    <message>
        <source>This agent is already signed in elsewhere. Sign out there, or sign in here by force.</source>
        <translation>此座席已在别处签入。请在那里签出，或在此处强制签入。</translation>
    </message>
    <message>
        <source>Wrong agent ID or password. Enter the password again or ask your supervisor to reset it.</source>
        <translation>座席工号或密码错误。请重新输入密码，或请主管为您重置密码。</translation>
    </message>
    <message>
        <source>Wrong agent type. Ask your administrator to check this agent in the CEC console.</source>
        <translation>座席类型错误。请联系管理员在 CEC 控制台中检查此座席。</translation>
    </message>
    <message>
        <source>Your password has expired. Change it in the CEC console, then sign in with the new one.</source>
        <translation>您的密码已过期。请在 CEC 控制台中修改密码，然后用新密码签入。</translation>
    </message>
    <message>
        <source>uPortal authentication failed. Try again later; if it persists, tell your administrator.</source>
        <translation>uPortal 认证失败。请稍后再试；如果问题持续，请告知管理员。</translation>
    </message>
    <message>
        <source>The server sent part of the file without saying which part.</source>
        <translation>服务器返回了文件的一部分，但没有说明是哪一部分。</translation>
    </message>
    <message>
        <source>The session does not match after a failover. Sign in again.</source>
        <translation>倒换后会话不匹配，请重新签入。</translation>
    </message>
    <message>
        <source>The skill query parameters are invalid.</source>
        <translation>技能查询参数无效。</translation>
    </message>
    <message>
        <source>The work-order client secret is not set. Add it in the settings.</source>
        <translation>尚未设置工单客户端密钥，请在设置中添加。</translation>
    </message>
    <message>
        <source>The work-order service did not say which case it created.</source>
        <translation>工单服务没有说明创建了哪个工单。</translation>
    </message>
    <message>
        <source>The work-order service refused the client ID or secret. Check them in the settings.</source>
        <translation>工单服务拒绝了客户端 ID 或密钥，请在设置中检查。</translation>
    </message>
    <message>
        <source>The work-order service sent an answer of an unexpected shape.</source>
        <translation>工单服务返回的应答结构不符合预期。</translation>
    </message>
    <message>
        <source>The work-order service sent no access token.</source>
        <translation>工单服务没有返回访问令牌。</translation>
    </message>
    <message>
        <source>The work-order sign-in service reported an error. Try again later.</source>
        <translation>工单登录服务报告错误，请稍后重试。</translation>
    </message>
    <message>
        <source>There is no call to hang up.</source>
        <translation>没有可挂断的通话。</translation>
    </message>
    <message>
        <source>This account is locked. Contact your administrator.</source>
        <translation>该账号已被锁定，请联系管理员。</translation>
    </message>
    <message>
        <source>Unexpected answer</source>
        <translation>意外的应答</translation>
    </message>
    <message>
        <source>You are already signed out.</source>
        <translation>您已签出。</translation>
    </message>
    <message>
        <source>You are not allowed to set this state.</source>
        <translation>您无权设置此状态。</translation>
    </message>
    <message>
        <source>You are not signed in.</source>
        <translation>您尚未签入。</translation>
    </message>
    <message>
        <source>You have no permission to download this recording.</source>
        <translation>您无权下载该录音。</translation>
    </message>
    <message>
        <source>You were signed out by the server.</source>
        <translation>您已被服务器签出。</translation>
    </message>
    <message>
        <source>Your current state does not allow this (for example, a call is in progress).</source>
        <translation>当前状态不允许此操作（例如正在通话）。</translation>
    </message>
    <message>
        <source>Your session has expired or is not valid. Sign in again.</source>
        <translation>会话已过期或无效，请重新签入。</translation>
    </message>
</context>
<context>
    <name>ConfigError</name>
    <message>
        <source>Cannot read the profile {path}: {error}. Check the file&apos;s permissions.</source>
        <translation>无法读取配置文件 {path}：{error}。请检查该文件的权限。</translation>
    </message>
    <message>
        <source>Cannot save the profile to {path}: {error}. Check that the folder is writable and the disk is not full.</source>
        <translation>无法将配置文件保存到 {path}：{error}。请检查该文件夹是否可写、磁盘是否已满。</translation>
    </message>
    <message>
        <source>No agentbar profile at {path}. Run `agentbar` to fill it in with the setup dialog, or create the file yourself, for example:

{example}</source>
        <translation>{path} 处没有 agentbar 配置文件。请运行 `agentbar`，在设置对话框中填写；或自行创建该文件，例如：

{example}</translation>
    </message>
    <message>
        <source>Profile problem</source>
        <translation>配置文件有误</translation>
    </message>
    <message>
        <source>a number</source>
        <translation>数字</translation>
    </message>
    <message>
        <source>a single value</source>
        <translation>单个值</translation>
    </message>
    <message>
        <source>a string in double quotes</source>
        <translation>带双引号的字符串</translation>
    </message>
    <message>
        <source>a table</source>
        <translation>表</translation>
    </message>
    <message>
        <source>a whole number</source>
        <translation>整数</translation>
    </message>
    <message>
        <source>profile</source>
        <translation>配置文件</translation>
    </message>
    <message>
        <source>syntax error</source>
        <translation>语法错误</translation>
    </message>
    <message>
        <source>true or false</source>
        <translation>布尔值 true 或 false</translation>
    </message>
    <message>
        <source>{path} is a directory, not a profile file. Point --config at a config.toml file.</source>
        <translation>{path} 是一个文件夹，不是配置文件。请让 --config 指向一个 config.toml 文件。</translation>
    </message>
    <message>
        <source>{path} is not UTF-8 text. Save the profile as UTF-8 and try again.</source>
        <translation>{path} 不是 UTF-8 文本。请将配置文件另存为 UTF-8 编码后重试。</translation>
    </message>
    <message>
        <source>{path} is not valid TOML at line {line}, column {column}: {reason}. Fix that line (strings need double quotes, e.g. agent_id = &quot;101&quot;).</source>
        <translation>{path} 不是有效的 TOML（第 {line} 行，第 {column} 列）：{reason}。请修改该行（字符串需要加双引号，例如 agent_id = &quot;101&quot;）。</translation>
    </message>
    <message>
        <source>{path} is not valid TOML at the end of the file: {reason}. Fix that line (strings need double quotes, e.g. agent_id = &quot;101&quot;).</source>
        <translation>{path} 不是有效的 TOML（在文件末尾）：{reason}。请修改该行（字符串需要加双引号，例如 agent_id = &quot;101&quot;）。</translation>
    </message>
    <message>
        <source>{path} is not valid TOML: {reason}. Fix that line (strings need double quotes, e.g. agent_id = &quot;101&quot;).</source>
        <translation>{path} 不是有效的 TOML：{reason}。请修改出错的那一行（字符串需要加双引号，例如 agent_id = &quot;101&quot;）。</translation>
    </message>
    <message>
        <source>{where}: [{section}] must be a table (a [{section}] header with keys under it).</source>
        <translation>{where}：[{section}] 必须是一个表（即一行 [{section}] 标题，其下是各个键）。</translation>
    </message>
    <message>
        <source>{where}: {key}: &apos;{language}&apos; is not a language agentbar ships; use &quot;en&quot;, &quot;zh_CN&quot; or &quot;&quot; for the system language.</source>
        <translation>{where}：{key}：agentbar 不提供 &apos;{language}&apos; 这种语言；请使用 &quot;en&quot;、&quot;zh_CN&quot;，或用 &quot;&quot; 表示跟随系统语言。</translation>
    </message>
    <message>
        <source>{where}: {key}: &apos;{level}&apos; is not a log level; use &quot;debug&quot;, &quot;info&quot;, &quot;warning&quot; or &quot;error&quot;.</source>
        <translation>{where}：{key}：“{level}”不是日志级别；请使用 &quot;debug&quot;、&quot;info&quot;、&quot;warning&quot; 或 &quot;error&quot;。</translation>
    </message>
    <message>
        <source>{where}: {key}: &apos;{value}&apos; is already the key of {other}; give each command its own key.</source>
        <translation>{where}：{key}：“{value}”已是 {other} 的按键；请为每个命令设置不同的按键。</translation>
    </message>
    <message>
        <source>{where}: {key}: &apos;{value}&apos; is not a key agentbar can take system-wide; give Ctrl, Alt or Meta (and Shift if you like) with a letter, digit or Space, e.g. &quot;Ctrl+Alt+A&quot;, or an F-key, e.g. &quot;Ctrl+F7&quot;; &quot;&quot; turns it off.</source>
        <translation>{where}：{key}：“{value}”不能用作 agentbar 的全局按键；请使用 Ctrl、Alt 或 Meta（可再加 Shift）加字母、数字或空格，例如 &quot;Ctrl+Alt+A&quot;，或功能键，例如 &quot;Ctrl+F7&quot;；&quot;&quot; 表示关闭。</translation>
    </message>
    <message>
        <source>{where}: {key}: is &apos;{value}&apos;; it must be the softphone or phone number the agent uses, up to 24 digits in quotes, e.g. phone = &quot;88880101&quot;.</source>
        <translation>{where}：{key}：当前为 &apos;{value}&apos;；它必须是座席使用的软电话或电话号码，最多 24 位数字，并加引号，例如 phone = &quot;88880101&quot;。</translation>
    </message>
    <message>
        <source>{where}: {key}: is &apos;{value}&apos;; it must be your agent work number, 3 to 6 digits in quotes, e.g. agent_id = &quot;101&quot;.</source>
        <translation>{where}：{key}：当前为 &apos;{value}&apos;；它必须是您的座席工号，3 到 6 位数字，并加引号，例如 agent_id = &quot;101&quot;。</translation>
    </message>
    <message>
        <source>{where}: {key}: is empty; it must be the softphone or phone number the agent uses, up to 24 digits in quotes, e.g. phone = &quot;88880101&quot;.</source>
        <translation>{where}：{key}：为空；它必须是座席使用的软电话或电话号码，最多 24 位数字，并加引号，例如 phone = &quot;88880101&quot;。</translation>
    </message>
    <message>
        <source>{where}: {key}: is empty; it must be your agent work number, 3 to 6 digits in quotes, e.g. agent_id = &quot;101&quot;.</source>
        <translation>{where}：{key}：为空；它必须是您的座席工号，3 到 6 位数字，并加引号，例如 agent_id = &quot;101&quot;。</translation>
    </message>
    <message>
        <source>{where}: {key}: is empty; set it to the server&apos;s address, e.g. url = {example}.</source>
        <translation>{where}：{key}：为空；请填写服务器地址，例如 url = {example}。</translation>
    </message>
    <message>
        <source>{where}: {key}: {ca} cannot be read. Check its permissions.</source>
        <translation>{where}：{key}：无法读取 {ca}。请检查其权限。</translation>
    </message>
    <message>
        <source>{where}: {key}: {ca} does not exist or is not a file. Give the path of a PEM file with your CA certificates, or ca_bundle = &quot;&quot; to use the system store.</source>
        <translation>{where}：{key}：{ca} 不存在或不是文件。请填写包含您的 CA 证书的 PEM 文件路径，或设置 ca_bundle = &quot;&quot; 以使用系统证书库。</translation>
    </message>
    <message>
        <source>{where}: {key}: {url} has a path ({path}); give only scheme, host and port, e.g. url = {example} — agentbar adds /agentgateway/resource/… itself.</source>
        <translation>{where}：{key}：{url} 含有路径（{path}）；只需填写协议、主机和端口，例如 url = {example}——agentbar 会自动添加 /agentgateway/resource/…。</translation>
    </message>
    <message>
        <source>{where}: {key}: {url} has an invalid port; use a number from 1 to 65535.</source>
        <translation>{where}：{key}：{url} 的端口无效；请使用 1 到 65535 之间的数字。</translation>
    </message>
    <message>
        <source>{where}: {key}: {url} has no host name or IP address, e.g. url = {example}.</source>
        <translation>{where}：{key}：{url} 缺少主机名或 IP 地址，例如 url = {example}。</translation>
    </message>
    <message>
        <source>{where}: {key}: {url} must not contain a user name or password; secrets go in the keyring.</source>
        <translation>{where}：{key}：{url} 不得包含用户名或密码；密钥应保存在密钥环中。</translation>
    </message>
    <message>
        <source>{where}: {key}: {url} must not have a query (?…) or fragment (#…).</source>
        <translation>{where}：{key}：{url} 不得包含查询（?…）或片段（#…）。</translation>
    </message>
    <message>
        <source>{where}: {key}: {url} must start with https:// (or http://), e.g. url = {example}.</source>
        <translation>{where}：{key}：{url} 必须以 https://（或 http://）开头，例如 url = {example}。</translation>
    </message>
    <message>
        <source>{where}: {section}.{option} must be {expected}, not {actual}. Example: {option} = {example}.</source>
        <translation>{where}：{section}.{option} 必须是{expected}，而不是{actual}。示例：{option} = {example}。</translation>
    </message>
</context>
<context>
    <name>CrashNotice</name>
    <message>
        <source>Something went wrong inside agentbar:
{0}

agentbar keeps running. If this happens again, save diagnostics and send the file to IT.</source>
        <translation>agentbar 内部出错：
{0}

agentbar 会继续运行。如果再次出现，请保存诊断信息并将文件发送给 IT。</translation>
    </message>
    <message>
        <source>agentbar problem</source>
        <translation>agentbar 问题</translation>
    </message>
    <message>
        <source>Save diagnostics…</source>
        <translation>保存诊断信息…</translation>
    </message>
</context>
<context>
    <name>DoctorCheck</name>
    <message>
        <source>Agent {agent} is already signed in elsewhere; not forced.</source>
        <translation>座席 {agent} 已在别处签入；未强制签入。</translation>
    </message>
    <message>
        <source>Agent {agent} signed in and out again.</source>
        <translation>座席 {agent} 已成功签入并随即签出。</translation>
    </message>
    <message>
        <source>Ask IT to install a Chinese font such as Noto Sans CJK SC, then restart agentbar.</source>
        <translation>请 IT 部门安装中文字体（例如 Noto Sans CJK SC），然后重新启动 agentbar。</translation>
    </message>
    <message>
        <source>Ask IT to install {package}, then restart agentbar.</source>
        <translation>请 IT 部门安装 {package}，然后重新启动 agentbar。</translation>
    </message>
    <message>
        <source>Ask IT to renew the server&apos;s certificate before it expires.</source>
        <translation>请联系 IT 在证书到期前为服务器续期证书。</translation>
    </message>
    <message>
        <source>Cannot connect to {host}:{port}: {error}.</source>
        <translation>无法连接到 {host}:{port}：{error}。</translation>
    </message>
    <message>
        <source>Certificate verification is turned off (tls.verify = false).</source>
        <translation>证书校验已关闭（tls.verify = false）。</translation>
    </message>
    <message>
        <source>Check gateway.phone in the profile.</source>
        <translation>请检查配置文件中的 gateway.phone。</translation>
    </message>
    <message>
        <source>Check that the URL is the service&apos;s HTTPS port.</source>
        <translation>请确认该地址是服务的 HTTPS 端口。</translation>
    </message>
    <message>
        <source>Check the URL ({url}) in the profile and that the server is running.</source>
        <translation>请检查配置文件中的地址（{url}），并确认服务器正在运行。</translation>
    </message>
    <message>
        <source>Check the address in the profile, the VPN and any firewall between you and it.</source>
        <translation>请检查配置文件中的地址、VPN，以及您与服务器之间的防火墙。</translation>
    </message>
    <message>
        <source>Check the agent ID and store the right password: agentbar secrets set password</source>
        <translation>请检查座席工号，并保存正确的密码：agentbar secrets set password</translation>
    </message>
    <message>
        <source>Chinese text can be shown ({family}).</source>
        <translation>可以显示中文（{family}）。</translation>
    </message>
    <message>
        <source>Choose another download folder in Settings (download_dir in the [ui] section).</source>
        <translation>请在设置中选择其他下载文件夹（[ui] 节中的 download_dir）。</translation>
    </message>
    <message>
        <source>Could not read the server&apos;s time: {cec_message}</source>
        <translation>无法读取服务器时间：{cec_message}</translation>
    </message>
    <message>
        <source>Could not tell whether a Chinese font is installed (fc-list did not answer).</source>
        <translation>无法确定是否安装了中文字体（fc-list 没有应答）。</translation>
    </message>
    <message>
        <source>Fix the connection problems above, then run the check again.</source>
        <translation>请先解决上面的连接问题，然后重新检查。</translation>
    </message>
    <message>
        <source>Fix the profile (or run agentbar to fill it in with the setup dialog).</source>
        <translation>请修正配置文件（或运行 agentbar，在设置向导中填写）。</translation>
    </message>
    <message>
        <source>Free some space, or choose a download folder on another disk in Settings.</source>
        <translation>请释放一些空间，或在设置中选择其他磁盘上的下载文件夹。</translation>
    </message>
    <message>
        <source>If Chinese text shows as empty boxes, ask IT to install a Chinese font such as Noto Sans CJK SC.</source>
        <translation>如果中文显示为空白方框，请 IT 部门安装中文字体（例如 Noto Sans CJK SC）。</translation>
    </message>
    <message>
        <source>If Chinese text shows as empty boxes, ask IT to install {package}.</source>
        <translation>如果中文显示为空白方框，请 IT 部门安装 {package}。</translation>
    </message>
    <message>
        <source>Make sure this computer&apos;s clock is set automatically (NTP).</source>
        <translation>请确保本机时钟为自动同步（NTP）。</translation>
    </message>
    <message>
        <source>No Chinese font is installed: Chinese text (the Chinese interface, skill names) shows as empty boxes.</source>
        <translation>未安装中文字体：中文文字（中文界面、技能名称）会显示为空白方框。</translation>
    </message>
    <message>
        <source>No answer from {host}:{port} within {seconds} s.</source>
        <translation>{host}:{port} 在 {seconds} 秒内没有响应。</translation>
    </message>
    <message>
        <source>Not tried: no password is stored.</source>
        <translation>未尝试：没有保存密码。</translation>
    </message>
    <message>
        <source>Only {free} free on the disk of {path}.</source>
        <translation>{path} 所在磁盘仅剩 {free} 可用空间。</translation>
    </message>
    <message>
        <source>Point tls.ca_bundle at a PEM file with your CA certificate(s).</source>
        <translation>请将 tls.ca_bundle 指向包含 CA 证书的 PEM 文件。</translation>
    </message>
    <message>
        <source>Put the CA certificate that signed the server&apos;s certificate into tls.ca_bundle (a PEM file).</source>
        <translation>请把签发服务器证书的 CA 证书放入 tls.ca_bundle（PEM 文件）。</translation>
    </message>
    <message>
        <source>See the message; the retcode is explained in the documentation.</source>
        <translation>请查看错误信息；文档中有该返回码（retcode）的说明。</translation>
    </message>
    <message>
        <source>Set tls.verify = true and give the CA bundle in tls.ca_bundle.</source>
        <translation>请设置 tls.verify = true，并在 tls.ca_bundle 中指定 CA 证书文件。</translation>
    </message>
    <message>
        <source>Sign out from the toolbar, or wait two minutes for the gateway to do it.</source>
        <translation>请在工具栏中签出，或等待两分钟由网关自动签出。</translation>
    </message>
    <message>
        <source>Sign out there first, or let the toolbar take the session over at sign-in.</source>
        <translation>请先在那边签出，或在签入时让工具栏接管该会话。</translation>
    </message>
    <message>
        <source>Signed in, but signing out again failed: {error}</source>
        <translation>已签入，但随后签出失败：{error}</translation>
    </message>
    <message>
        <source>Start GNOME Keyring or KWallet in this desktop session (Linux), then store the secrets with: agentbar secrets set NAME</source>
        <translation>请在当前桌面会话中启动 GNOME Keyring 或 KWallet（Linux），然后用以下命令保存密钥：agentbar secrets set NAME</translation>
    </message>
    <message>
        <source>Store it with: agentbar secrets set password (or sign in from the toolbar).</source>
        <translation>用以下命令保存：agentbar secrets set password（或从工具栏签入）。</translation>
    </message>
    <message>
        <source>Store it with: agentbar secrets set {secret}</source>
        <translation>用以下命令保存：agentbar secrets set {secret}</translation>
    </message>
    <message>
        <source>The CA bundle {ca_bundle} cannot be used: {error}.</source>
        <translation>无法使用 CA 证书文件 {ca_bundle}：{error}。</translation>
    </message>
    <message>
        <source>The TLS handshake failed: {error}.</source>
        <translation>TLS 握手失败：{error}。</translation>
    </message>
    <message>
        <source>The certificate is for another name: use the address it was issued for.</source>
        <translation>该证书签发给了其他名称：请使用证书所对应的地址。</translation>
    </message>
    <message>
        <source>The certificate is not trusted by the CA bundle {ca_bundle}: {reason}.</source>
        <translation>CA 证书文件 {ca_bundle} 不信任该证书：{reason}。</translation>
    </message>
    <message>
        <source>The certificate is not trusted by the system&apos;s trusted CAs: {reason}.</source>
        <translation>系统信任的 CA 不信任该证书：{reason}。</translation>
    </message>
    <message>
        <source>The disk of {path} is full ({free} free): recordings cannot be saved.</source>
        <translation>{path} 所在磁盘已满（剩余 {free}）：无法保存录音。</translation>
    </message>
    <message>
        <source>The gateway refused the sign-in: {error}</source>
        <translation>网关拒绝了签入：{error}</translation>
    </message>
    <message>
        <source>The gateway sent no usable Date header (none).</source>
        <translation>网关没有返回可用的 Date 头（无）。</translation>
    </message>
    <message>
        <source>The gateway sent no usable Date header ({header}).</source>
        <translation>网关没有返回可用的 Date 头（{header}）。</translation>
    </message>
    <message>
        <source>The server&apos;s certificate has expired: ask IT to renew it.</source>
        <translation>服务器证书已过期：请联系 IT 续期。</translation>
    </message>
    <message>
        <source>This computer&apos;s clock is {seconds} s ahead of the gateway&apos;s.</source>
        <translation>本机时钟比网关快 {seconds} 秒。</translation>
    </message>
    <message>
        <source>This computer&apos;s clock is {seconds} s behind the gateway&apos;s.</source>
        <translation>本机时钟比网关慢 {seconds} 秒。</translation>
    </message>
    <message>
        <source>To be asked no more: agentbar secrets set {secret}</source>
        <translation>如不想每次都输入：agentbar secrets set {secret}</translation>
    </message>
    <message>
        <source>Turn on automatic time (NTP) or correct the clock: auth-v2 signatures carry the time and are refused when it is off.</source>
        <translation>请开启自动对时（NTP）或校正时钟：auth-v2 签名带有时间，时间偏差过大时会被拒绝。</translation>
    </message>
    <message>
        <source>Unlock the keyring and try again.</source>
        <translation>请解锁密钥环后重试。</translation>
    </message>
    <message>
        <source>Use the https:// address of the service unless this is the simulator.</source>
        <translation>除非这是模拟器，否则请使用该服务的 https:// 地址。</translation>
    </message>
    <message>
        <source>agentbar may not write in {path} (read-only or no permission).</source>
        <translation>agentbar 无法写入 {path}（只读或没有权限）。</translation>
    </message>
    <message>
        <source>clock</source>
        <translation>时钟</translation>
    </message>
    <message>
        <source>config</source>
        <translation>配置文件</translation>
    </message>
    <message>
        <source>download folder</source>
        <translation>下载文件夹</translation>
    </message>
    <message>
        <source>fonts</source>
        <translation>字体</translation>
    </message>
    <message>
        <source>in-memory profile for {url}.</source>
        <translation>内存中的配置（{url}）。</translation>
    </message>
    <message>
        <source>keyring</source>
        <translation>密钥环</translation>
    </message>
    <message>
        <source>not stored in the keyring, so this service cannot be used.</source>
        <translation>密钥环中没有保存，因此无法使用该服务。</translation>
    </message>
    <message>
        <source>not stored; agentbar will ask for it at each sign-in.</source>
        <translation>未保存；每次签入时 agentbar 都会询问。</translation>
    </message>
    <message>
        <source>secret {secret}</source>
        <translation>密钥 {secret}</translation>
    </message>
    <message>
        <source>sign-in</source>
        <translation>签入</translation>
    </message>
    <message>
        <source>stored (value not shown).</source>
        <translation>已保存（不显示其值）。</translation>
    </message>
    <message>
        <source>{host}:{port} answered in {ms} ms.</source>
        <translation>{host}:{port} 在 {ms} 毫秒内响应。</translation>
    </message>
    <message>
        <source>{keyring}</source>
        <translation>密钥环：{keyring}</translation>
    </message>
    <message>
        <source>{keyring}: {keyring_error}</source>
        <translation>{keyring}，无法使用：{keyring_error}</translation>
    </message>
    <message>
        <source>{path} cannot be used: {blocking} is a file, not a folder.</source>
        <translation>{path} 无法使用：{blocking} 是文件，不是文件夹。</translation>
    </message>
    <message>
        <source>{path} cannot be used: {error}.</source>
        <translation>{path} 无法使用：{error}。</translation>
    </message>
    <message>
        <source>{path} does not exist and cannot be created: {error}.</source>
        <translation>{path} 不存在且无法创建：{error}。</translation>
    </message>
    <message>
        <source>{path} does not exist yet; agentbar will create it at the first download ({free} free).</source>
        <translation>{path} 尚不存在；agentbar 会在首次下载时创建它（剩余 {free}）。</translation>
    </message>
    <message>
        <source>{path} does not exist yet; agentbar will create it at the first download.</source>
        <translation>{path} 尚不存在；agentbar 会在首次下载时创建它。</translation>
    </message>
    <message>
        <source>{path} is a folder agentbar can write to.</source>
        <translation>{path} 是 agentbar 可以写入的文件夹。</translation>
    </message>
    <message>
        <source>{path} is a folder agentbar can write to; {free} free.</source>
        <translation>{path} 是 agentbar 可以写入的文件夹；剩余 {free}。</translation>
    </message>
    <message>
        <source>{path} is valid: agent {agent} at {url}.</source>
        <translation>{path} 有效：座席 {agent}，网关 {url}。</translation>
    </message>
    <message>
        <source>{path} is valid: agent {agent} at {url}; also configured: {services}.</source>
        <translation>{path} 有效：座席 {agent}，网关 {url}；另外已配置：{services}。</translation>
    </message>
    <message>
        <source>{profile_problem}</source>
        <translation>配置文件有误：{profile_problem}</translation>
    </message>
    <message>
        <source>{protocol}, certificate trusted but it expires in {days} days ({not_after}).</source>
        <translation>{protocol}，证书受信任，但将在 {days} 天后到期（{not_after}）。</translation>
    </message>
    <message>
        <source>{protocol}, certificate trusted, valid until {not_after}.</source>
        <translation>{protocol}，证书受信任，有效期至 {not_after}。</translation>
    </message>
    <message>
        <source>{protocol}, certificate trusted.</source>
        <translation>{protocol}，证书受信任。</translation>
    </message>
    <message>
        <source>{secret_error}</source>
        <translation>密钥环：{secret_error}</translation>
    </message>
    <message>
        <source>{services}: TLS</source>
        <translation>{services}：TLS 安全连接</translation>
    </message>
    <message>
        <source>{services}: reachable</source>
        <translation>{services}：连通性</translation>
    </message>
    <message>
        <source>{system} includes Chinese fonts.</source>
        <translation>{system} 自带中文字体。</translation>
    </message>
    <message>
        <source>{url} uses plain HTTP: the password and tokens travel unencrypted.</source>
        <translation>{url} 使用未加密的 HTTP：密码和令牌以明文传输。</translation>
    </message>
</context>
<context>
    <name>DoctorDialog</name>
    <message>
        <source>Shift-start check</source>
        <translation>上班前检查</translation>
    </message>
    <message>
        <source>Check again</source>
        <translation>重新检查</translation>
    </message>
    <message>
        <source>Save diagnostics…</source>
        <translation>保存诊断信息…</translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation>正在检查…</translation>
    </message>
    <message>
        <source>Not ready: fix the failures below.</source>
        <translation>尚未就绪：请修正下面的失败项。</translation>
    </message>
    <message>
        <source>Ready, with warnings.</source>
        <translation>已就绪，但有警告。</translation>
    </message>
    <message>
        <source>Ready for the shift.</source>
        <translation>已准备好开始当班。</translation>
    </message>
    <message>
        <source>{0} passed, {1} warnings, {2} failed. {3}</source>
        <translation>{0} 项通过，{1} 项警告，{2} 项失败。{3}</translation>
    </message>
</context>
<context>
    <name>DoctorModel</name>
    <message>
        <source>Result</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>Check</source>
        <translation>检查</translation>
    </message>
    <message>
        <source>Found</source>
        <translation>检查结果</translation>
    </message>
    <message>
        <source>What to do</source>
        <translation>处理建议</translation>
    </message>
    <message>
        <source>pass</source>
        <translation>通过</translation>
    </message>
    <message>
        <source>warning</source>
        <translation>警告</translation>
    </message>
    <message>
        <source>FAIL</source>
        <translation>失败</translation>
    </message>
</context>
<context>
    <name>ErrorText</name>
    <message>
        <source>Unexpected error</source>
        <translation>意外错误</translation>
    </message>
    <message>
        <source>Something went wrong inside agentbar: {0}. See the log for details.</source>
        <translation>agentbar 内部出错：{0}。详情请查看日志。</translation>
    </message>
</context>
<context>
    <name>EventsModel</name>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>描述</translation>
    </message>
    <message>
        <source>Call ID</source>
        <translation>呼叫 ID</translation>
    </message>
</context>
<context>
    <name>EventsView</name>
    <message>
        <source>Copy as JSON</source>
        <translation>复制为 JSON</translation>
    </message>
    <message>
        <source>Filter by type, text or call ID</source>
        <translation>按类型、文字或呼叫 ID 筛选</translation>
    </message>
    <message>
        <source>Filter events</source>
        <translation>筛选事件</translation>
    </message>
    <message>
        <source>All categories</source>
        <translation>全部类别</translation>
    </message>
    <message>
        <source>Agent state</source>
        <translation>座席状态</translation>
    </message>
    <message>
        <source>Calls</source>
        <translation>呼叫</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>话机</translation>
    </message>
    <message>
        <source>Recording</source>
        <translation>录音</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>其他</translation>
    </message>
    <message>
        <source>Event category</source>
        <translation>事件类别</translation>
    </message>
    <message>
        <source>Copy the selected event as JSON (Ctrl+C)</source>
        <translation>将选中的事件复制为 JSON（Ctrl+C）</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>清空</translation>
    </message>
    <message>
        <source>Clear events</source>
        <translation>清空事件</translation>
    </message>
    <message>
        <source>Remove every event from the table</source>
        <translation>清除表格中的全部事件</translation>
    </message>
    <message>
        <source>Agent events</source>
        <translation>座席事件</translation>
    </message>
</context>
<context>
    <name>FaqLimits</name>
    <message>
        <source>The question is empty.</source>
        <translation>问题为空。</translation>
    </message>
    <message>
        <source>The question is longer than 8192 characters.</source>
        <translation>问题超过 8192 个字符。</translation>
    </message>
    <message>
        <source>The answer is empty.</source>
        <translation>答案为空。</translation>
    </message>
    <message>
        <source>The answer is longer than 8192 characters.</source>
        <translation>答案超过 8192 个字符。</translation>
    </message>
    <message>
        <source>There are more than 100 similar questions.</source>
        <translation>相似问题超过 100 个。</translation>
    </message>
    <message>
        <source>There are more than 100 similar answers.</source>
        <translation>相似答案超过 100 个。</translation>
    </message>
    <message>
        <source>A similar question or answer is longer than 8192 characters.</source>
        <translation>有相似问题或答案超过 8192 个字符。</translation>
    </message>
    <message>
        <source>A similar question or answer is empty.</source>
        <translation>有相似问题或答案为空。</translation>
    </message>
    <message>
        <source>There are more than 20 keywords.</source>
        <translation>关键词超过 20 个。</translation>
    </message>
    <message>
        <source>A keyword must not contain &quot;|&quot;.</source>
        <translation>关键词不能包含“|”。</translation>
    </message>
    <message>
        <source>A keyword is empty.</source>
        <translation>有关键词为空。</translation>
    </message>
    <message>
        <source>Choose a FAQ group.</source>
        <translation>请选择 FAQ 分组。</translation>
    </message>
</context>
<context>
    <name>FaqView</name>
    <message>
        <source>FAQ groups could not be loaded: {0}</source>
        <translation>无法加载 FAQ 分组：{0}</translation>
    </message>
    <message>
        <source>Ask the FAQ — type a customer&apos;s question</source>
        <translation>查询 FAQ — 输入客户的问题</translation>
    </message>
    <message>
        <source>FAQ search</source>
        <translation>FAQ 搜索</translation>
    </message>
    <message>
        <source>FAQ group</source>
        <translation>FAQ 分组</translation>
    </message>
    <message>
        <source>Search one FAQ group or all enabled groups</source>
        <translation>在一个 FAQ 分组或全部已启用分组中搜索</translation>
    </message>
    <message>
        <source>FAQ status</source>
        <translation>FAQ 状态</translation>
    </message>
    <message>
        <source>Best answer — click or press Enter to copy</source>
        <translation>最佳答案 — 单击或按回车键复制</translation>
    </message>
    <message>
        <source>Click to copy the answer</source>
        <translation>单击复制答案</translation>
    </message>
    <message>
        <source>Copy answer</source>
        <translation>复制答案</translation>
    </message>
    <message>
        <source>Copy the answer shown ({0})</source>
        <translation>复制显示的答案（{0}）</translation>
    </message>
    <message>
        <source>Similar questions (click to copy the answer):</source>
        <translation>相似问题（单击复制答案）：</translation>
    </message>
    <message>
        <source>Similar questions</source>
        <translation>相似问题</translation>
    </message>
    <message>
        <source>Suggest a new FAQ…</source>
        <translation>建议新增 FAQ…</translation>
    </message>
    <message>
        <source>Searching…</source>
        <translation>正在搜索…</translation>
    </message>
    <message>
        <source>No answer found. You can suggest a new FAQ.</source>
        <translation>未找到答案。您可以建议新增 FAQ。</translation>
    </message>
    <message>
        <source>{0} · confidence {1}</source>
        <translation>{0} · 置信度 {1}</translation>
    </message>
    <message>
        <source>group {0}</source>
        <translation>分组 {0}</translation>
    </message>
    <message>
        <source>Cached answer — the FAQ service has not answered yet</source>
        <translation>缓存的答案 — FAQ 服务尚未回答</translation>
    </message>
    <message>
        <source>Cached answer — the FAQ service is unreachable</source>
        <translation>缓存的答案 — 无法连接 FAQ 服务</translation>
    </message>
    <message>
        <source>score {0}</source>
        <translation>得分 {0}</translation>
    </message>
    <message>
        <source>Copied</source>
        <translation>已复制</translation>
    </message>
    <message>
        <source>FAQ groups from the cache — the FAQ service is unreachable</source>
        <translation>缓存的 FAQ 分组 — 无法连接 FAQ 服务</translation>
    </message>
    <message>
        <source>All enabled groups</source>
        <translation>全部已启用分组</translation>
    </message>
    <message>
        <source>{0} (disabled)</source>
        <translation>{0}（已停用）</translation>
    </message>
    <message>
        <source>Sending the new FAQ…</source>
        <translation>正在发送新 FAQ…</translation>
    </message>
    <message>
        <source>Thank you — the new FAQ was sent.</source>
        <translation>谢谢 — 新 FAQ 已发送。</translation>
    </message>
    <message>
        <source>The new FAQ was not sent: {0}</source>
        <translation>新 FAQ 未发送：{0}</translation>
    </message>
</context>
<context>
    <name>FeatureTabs</name>
    <message>
        <source>FAQ</source>
        <translation>常见问题</translation>
    </message>
    <message>
        <source>Work order</source>
        <translation>工单</translation>
    </message>
    <message>
        <source>Recordings</source>
        <translation>录音</translation>
    </message>
</context>
<context>
    <name>FontNotice</name>
    <message>
        <source>Chinese text cannot be shown: no Chinese font is installed. Ask IT to install {0}.</source>
        <translation>无法显示中文：未安装中文字体。请 IT 部门安装 {0}。</translation>
    </message>
    <message>
        <source>Chinese text cannot be shown: no Chinese font is installed. Ask IT to install a Chinese font such as Noto Sans CJK SC.</source>
        <translation>无法显示中文：未安装中文字体。请 IT 部门安装中文字体（例如 Noto Sans CJK SC）。</translation>
    </message>
</context>
<context>
    <name>HotkeySettings</name>
    <message>
        <source>{0} cannot be a system-wide key: use Ctrl, Alt or Meta (and Shift if you like) with a letter, digit or Space, or an F-key.</source>
        <translation>{0} 不能用作全局按键：请使用 Ctrl、Alt 或 Meta（可再加 Shift）加字母、数字或空格，或功能键。</translation>
    </message>
    <message>
        <source>{0} was the key for {1}; it is now the key for {2}.</source>
        <translation>{0} 原是“{1}”的按键，现在改为“{2}”的按键。</translation>
    </message>
    <message>
        <source>System-wide keys</source>
        <translation>全局按键</translation>
    </message>
    <message>
        <source>Keys that work in any application, also while you type elsewhere. Off unless you set one. Click a field and press the keys, e.g. Ctrl+Alt+A.</source>
        <translation>在任何应用程序中都有效的按键，在别处输入时也有效。未设置时关闭。点击输入框后按下按键，例如 Ctrl+Alt+A。</translation>
    </message>
    <message>
        <source>System-wide key for {0}</source>
        <translation>“{0}”的全局按键</translation>
    </message>
    <message>
        <source>Off (click, then press the keys)</source>
        <translation>关闭（点击后按下按键）</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>清除</translation>
    </message>
    <message>
        <source>Clear the key for {0}</source>
        <translation>清除“{0}”的按键</translation>
    </message>
</context>
<context>
    <name>Launch</name>
    <message>
        <source>The broken profile {0} could not be set aside: {1}</source>
        <translation>无法将出错的配置文件 {0} 改名保留：{1}</translation>
    </message>
    <message>
        <source>The new gateway settings are saved. Quit agentbar and start it again to use them.</source>
        <translation>新的网关设置已保存。请退出 agentbar 并重新启动以使用新设置。</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Skills</source>
        <translation>技能</translation>
    </message>
    <message>
        <source>Events</source>
        <translation>事件</translation>
    </message>
    <message>
        <source>The system keyring cannot be used, so the password is not saved: {0}</source>
        <translation>无法使用系统密钥环，密码未保存：{0}</translation>
    </message>
    <message>
        <source>Sign out during a call?</source>
        <translation>通话中签出？</translation>
    </message>
    <message>
        <source>A call is active. Signing out now ends the call.</source>
        <translation>当前有通话。现在签出将结束通话。</translation>
    </message>
    <message>
        <source>End call and sign out</source>
        <translation>结束通话并签出</translation>
    </message>
    <message>
        <source>Quit during a call?</source>
        <translation>通话中退出？</translation>
    </message>
    <message>
        <source>A call is active. Quitting signs you out and ends the call.</source>
        <translation>当前有通话。退出将签出并结束通话。</translation>
    </message>
    <message>
        <source>End call and quit</source>
        <translation>结束通话并退出</translation>
    </message>
    <message>
        <source>Certificate verification is off: the connection to the gateway is not protected against interception. Turn it on in the profile.</source>
        <translation>证书校验已关闭：与网关的连接无法防止被窃听。请在配置文件中开启校验。</translation>
    </message>
    <message>
        <source>Agent {0} is already signed in elsewhere.</source>
        <translation>座席 {0} 已在其他地方签入。</translation>
    </message>
    <message>
        <source>Sign in here instead</source>
        <translation>改为在此签入</translation>
    </message>
    <message>
        <source>Enter password</source>
        <translation>输入密码</translation>
    </message>
    <message>
        <source>Connection to the gateway lost. Reconnecting…</source>
        <translation>与网关的连接已断开，正在重连…</translation>
    </message>
    <message>
        <source>The connection to the gateway was lost. {0}</source>
        <translation>与网关的连接已丢失。{0}</translation>
    </message>
    <message>
        <source>Sign in again</source>
        <translation>重新签入</translation>
    </message>
    <message>
        <source>The server signed you out. {0}</source>
        <translation>服务器已将您签出。{0}</translation>
    </message>
    <message>
        <source>an unknown number</source>
        <translation>未知号码</translation>
    </message>
    <message>
        <source>Incoming call</source>
        <translation>来电</translation>
    </message>
    <message>
        <source>Call from {0}</source>
        <translation>来自 {0} 的来电</translation>
    </message>
    <message>
        <source>agentbar — agent {0}</source>
        <translation>agentbar — 座席 {0}</translation>
    </message>
    <message>
        <source>Tabs</source>
        <translation>标签页</translation>
    </message>
</context>
<context>
    <name>MediaType</name>
    <message>
        <source>Text chat</source>
        <translation>文字交谈</translation>
    </message>
    <message>
        <source>Click to dial</source>
        <translation>点击通话</translation>
    </message>
    <message>
        <source>Callback</source>
        <translation>回呼</translation>
    </message>
    <message>
        <source>Voice call</source>
        <translation>语音呼叫</translation>
    </message>
    <message>
        <source>Predictive outbound</source>
        <translation>预测外呼</translation>
    </message>
    <message>
        <source>Preview outbound</source>
        <translation>预览外呼</translation>
    </message>
    <message>
        <source>Message call</source>
        <translation>留言呼叫</translation>
    </message>
    <message>
        <source>Video call</source>
        <translation>视频呼叫</translation>
    </message>
    <message>
        <source>Web chat</source>
        <translation>网页交谈</translation>
    </message>
    <message>
        <source>Social media chat</source>
        <translation>社交媒体交谈</translation>
    </message>
    <message>
        <source>Media type {0}</source>
        <translation>媒体类型 {0}</translation>
    </message>
</context>
<context>
    <name>OutboxView</name>
    <message>
        <source>Queued</source>
        <translation>排队中</translation>
    </message>
    <message>
        <source>Sending</source>
        <translation>正在发送</translation>
    </message>
    <message>
        <source>Sent</source>
        <translation>已发送</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>已失败</translation>
    </message>
    <message>
        <source>Needs fixing</source>
        <translation>需要修正</translation>
    </message>
    <message>
        <source>{0} Retrying at {1}.</source>
        <translation>{0} 将于 {1} 重试。</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>标题</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Case number</source>
        <translation>工单编号</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>详情</translation>
    </message>
    <message>
        <source>Outbox</source>
        <translation>发件箱</translation>
    </message>
    <message>
        <source>Retry now</source>
        <translation>立即重试</translation>
    </message>
    <message>
        <source>Fix…</source>
        <translation>修正…</translation>
    </message>
</context>
<context>
    <name>PasswordDialog</name>
    <message>
        <source>Change stored password</source>
        <translation>更改保存的密码</translation>
    </message>
    <message>
        <source>New password of agent {0}. It is stored in the system keyring when you press OK in Settings, and used at the next sign-in.</source>
        <translation>座席 {0} 的新密码。在设置中按“确定”时保存到系统密钥环，并在下次签入时使用。</translation>
    </message>
    <message>
        <source>Sign in</source>
        <translation>签入</translation>
    </message>
    <message>
        <source>Password of agent {0}:</source>
        <translation>座席 {0} 的密码：</translation>
    </message>
    <message>
        <source>The gateway refused the stored password. Enter the right one; with Remember ticked it replaces the stored one once the gateway accepts it.</source>
        <translation>网关拒绝了保存的密码。请输入正确的密码；勾选“记住”后，网关接受新密码时会替换保存的密码。</translation>
    </message>
    <message>
        <source>The gateway refused this password. Check it (is Caps Lock on?) and enter it again, or check the agent ID in Settings.</source>
        <translation>网关拒绝了此密码。请检查密码（是否开启了大写锁定？）后重新输入，或在设置中检查座席工号。</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <source>Remember the password in the system keyring</source>
        <translation>在系统密钥环中记住密码</translation>
    </message>
    <message>
        <source>Remember the password</source>
        <translation>记住密码</translation>
    </message>
</context>
<context>
    <name>RecordingsModel</name>
    <message>
        <source>This shift</source>
        <translation>本班次</translation>
    </message>
    <message>
        <source>Inspected</source>
        <translation>已质检</translation>
    </message>
    <message>
        <source>{0}%</source>
        <translation>{0}%</translation>
    </message>
    <message>
        <source>Downloading</source>
        <translation>正在下载</translation>
    </message>
    <message>
        <source>Queued</source>
        <translation>排队中</translation>
    </message>
    <message>
        <source>Paused</source>
        <translation>已暂停</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>已失败</translation>
    </message>
    <message>
        <source>Saved</source>
        <translation>已保存</translation>
    </message>
    <message>
        <source>Failed — the disk of the download folder {0} is full. Free some space and press Resume, or choose another folder in Settings.</source>
        <translation>失败 — 下载文件夹 {0} 所在磁盘已满。请释放一些空间后按“继续”，或在设置中选择其他文件夹。</translation>
    </message>
    <message>
        <source>{0} is a file, not a folder</source>
        <translation>{0} 是文件，不是文件夹</translation>
    </message>
    <message>
        <source>it does not exist and cannot be created ({0})</source>
        <translation>它不存在且无法创建（{0}）</translation>
    </message>
    <message>
        <source>agentbar may not write there (read-only or no permission)</source>
        <translation>agentbar 无法写入该位置（只读或没有权限）</translation>
    </message>
    <message>
        <source>Failed — the download folder {0} cannot be used: {1}. Choose another folder in Settings, or fix this one and press Resume.</source>
        <translation>失败 — 无法使用下载文件夹 {0}：{1}。请在设置中选择其他文件夹，或修复此文件夹后按“继续”。</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Caller</source>
        <translation>主叫</translation>
    </message>
    <message>
        <source>Duration</source>
        <translation>时长</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>来源</translation>
    </message>
    <message>
        <source>Download</source>
        <translation>下载</translation>
    </message>
</context>
<context>
    <name>RecordingsView</name>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>Load your inspected calls from quality inspection</source>
        <translation>从质检服务加载您已质检的通话</translation>
    </message>
    <message>
        <source>Download</source>
        <translation>下载</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Open folder</source>
        <translation>打开文件夹</translation>
    </message>
    <message>
        <source>Play</source>
        <translation>播放</translation>
    </message>
    <message>
        <source>Download the selected recording (Enter in the list)</source>
        <translation>下载所选录音（在列表中按 Enter）</translation>
    </message>
    <message>
        <source>Converts the recording to WAV and opens your player</source>
        <translation>将录音转换为 WAV 并用播放器打开</translation>
    </message>
    <message>
        <source>Recorded calls</source>
        <translation>有录音的通话</translation>
    </message>
    <message>
        <source>Loading your inspected calls…</source>
        <translation>正在加载已质检的通话…</translation>
    </message>
    <message>
        <source>{0} inspected calls.</source>
        <translation>{0} 通已质检的通话。</translation>
    </message>
    <message>
        <source>No transcript: this call has not been inspected yet.</source>
        <translation>没有转写文本：该通话尚未质检。</translation>
    </message>
    <message>
        <source>Select an inspected call to see its transcript.</source>
        <translation>选择一通已质检的通话以查看其转写文本。</translation>
    </message>
    <message>
        <source>Loading the transcript…</source>
        <translation>正在加载转写文本…</translation>
    </message>
    <message>
        <source>Cannot play this recording: {0}</source>
        <translation>无法播放该录音：{0}</translation>
    </message>
    <message>
        <source>No player is set up for WAV files. Saved as {0}</source>
        <translation>没有可播放 WAV 文件的播放器。已保存为 {0}</translation>
    </message>
    <message>
        <source>Saved as {0}</source>
        <translation>已保存为 {0}</translation>
    </message>
    <message>
        <source>Paused. Press Download to resume.</source>
        <translation>已暂停。按“下载”继续。</translation>
    </message>
    <message>
        <source>{0:.1f} MB at {1:.1f} MB/s</source>
        <translation>{0:.1f} MB，速度 {1:.1f} MB/s</translation>
    </message>
    <message>
        <source>{0} Press Download to resume.</source>
        <translation>{0} 按“下载”继续。</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>恢复</translation>
    </message>
</context>
<context>
    <name>RestPanel</name>
    <message>
        <source> min</source>
        <translation> 分钟</translation>
    </message>
    <message>
        <source>Rest duration in minutes</source>
        <translation>休息时长（分钟）</translation>
    </message>
    <message>
        <source>Rest cause code</source>
        <translation>休息原因码</translation>
    </message>
    <message>
        <source>Start rest</source>
        <translation>开始休息</translation>
    </message>
    <message>
        <source>Duration</source>
        <translation>时长</translation>
    </message>
    <message>
        <source>Cause</source>
        <translation>原因</translation>
    </message>
</context>
<context>
    <name>SecretStore</name>
    <message>
        <source>An empty {name} cannot be stored. To remove it, use: agentbar secrets delete {name}</source>
        <translation>不能保存空的 {name}。如要删除它，请使用：agentbar secrets delete {name}</translation>
    </message>
    <message>
        <source>Could not {verb} the secret {name}. ({detail})</source>
        <translation>无法{verb}密钥 {name}。（{detail}）</translation>
    </message>
    <message>
        <source>Could not {verb} the secret {name}: the keyring could not be opened. Check that GNOME Keyring or KWallet runs in this session. ({detail})</source>
        <translation>无法{verb}密钥 {name}：无法打开密钥环。请检查本会话中是否运行着 GNOME Keyring 或 KWallet。（{detail}）</translation>
    </message>
    <message>
        <source>Could not {verb} the secret {name}: the keyring is locked. Unlock it (log in to the desktop, or unlock the &apos;Login&apos; keyring) and try again. ({detail})</source>
        <translation>无法{verb}密钥 {name}：密钥环已锁定。请先解锁（登录桌面，或解锁“登录”（Login）密钥环）后重试。（{detail}）</translation>
    </message>
    <message>
        <source>KWallet</source>
        <translation>KWallet</translation>
    </message>
    <message>
        <source>Keyring locked</source>
        <translation>密钥环已锁定</translation>
    </message>
    <message>
        <source>Keyring problem</source>
        <translation>密钥环出错</translation>
    </message>
    <message>
        <source>No keyring</source>
        <translation>没有密钥环</translation>
    </message>
    <message>
        <source>No system keyring was found, so agentbar cannot store or read secrets. On Linux install and start GNOME Keyring (gnome-keyring) or KWallet in a desktop session with a D-Bus session bus; on Windows and macOS the built-in credential store is used. agentbar never stores secrets in plain text.</source>
        <translation>未找到系统密钥环，因此 agentbar 无法保存或读取密钥。在 Linux 上，请在带有 D-Bus 会话总线的桌面会话中安装并启动 GNOME Keyring（gnome-keyring）或 KWallet；在 Windows 和 macOS 上使用系统自带的凭据存储。agentbar 从不以明文保存密钥。</translation>
    </message>
    <message>
        <source>Secret Service (GNOME Keyring, KWallet …)</source>
        <translation>Secret Service（GNOME Keyring、KWallet 等）</translation>
    </message>
    <message>
        <source>Secret not saved</source>
        <translation>密钥未保存</translation>
    </message>
    <message>
        <source>The keyring refused to delete {name}. Unlock the keyring and try again.</source>
        <translation>密钥环拒绝删除 {name}。请解锁密钥环后重试。</translation>
    </message>
    <message>
        <source>The keyring refused to {verb} the secret {name}. ({detail})</source>
        <translation>密钥环拒绝{verb}密钥 {name}。（{detail}）</translation>
    </message>
    <message>
        <source>Unknown secret</source>
        <translation>未知的密钥</translation>
    </message>
    <message>
        <source>Unknown secret {name}. Known secrets: {known}.</source>
        <translation>未知的密钥 {name}。已知的密钥：{known}。</translation>
    </message>
    <message>
        <source>Windows Credential Manager</source>
        <translation>Windows 凭据管理器</translation>
    </message>
    <message>
        <source>delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>libsecret (GNOME Keyring …)</source>
        <translation>libsecret（GNOME Keyring 等）</translation>
    </message>
    <message>
        <source>macOS Keychain</source>
        <translation>macOS 钥匙串</translation>
    </message>
    <message>
        <source>memory (this session only; nothing is saved)</source>
        <translation>内存（仅限本次会话，不保存任何内容）</translation>
    </message>
    <message>
        <source>no keyring (the keyring library could not choose a backend)</source>
        <translation>没有密钥环（keyring 库无法选定后端）</translation>
    </message>
    <message>
        <source>no usable keyring ({backend})</source>
        <translation>没有可用的密钥环（{backend}）</translation>
    </message>
    <message>
        <source>read</source>
        <translation>读取</translation>
    </message>
    <message>
        <source>store</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>{backend}</source>
        <translation>{backend}</translation>
    </message>
    <message>
        <source>{friendly} ({backend})</source>
        <translation>{friendly}（{backend}）</translation>
    </message>
    <message>
        <source>{name} is {length} characters long; Windows Credential Manager holds at most about {limit}. Ask your administrator for a shorter secret.</source>
        <translation>{name} 长 {length} 个字符；Windows 凭据管理器最多只能保存约 {limit} 个字符。请向管理员索取更短的密钥。</translation>
    </message>
</context>
<context>
    <name>SessionHotkeys</name>
    <message>
        <source>Answer</source>
        <translation>应答</translation>
    </message>
    <message>
        <source>Hang up</source>
        <translation>挂断</translation>
    </message>
    <message>
        <source>Ready</source>
        <translation>示闲</translation>
    </message>
    <message>
        <source>Busy</source>
        <translation>示忙</translation>
    </message>
    <message>
        <source>The system-wide key {0} for {1} does not work: {2}.</source>
        <translation>“{1}”的全局按键 {0} 无法使用：{2}。</translation>
    </message>
    <message>
        <source>The bar&apos;s own keys still work in its window. Choose another key in Settings.</source>
        <translation>工具栏自己的按键在其窗口中仍然有效。请在设置中选择其他按键。</translation>
    </message>
    <message>
        <source>Settings…</source>
        <translation>设置…</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Start at login not changed</source>
        <translation>登录时启动设置未更改</translation>
    </message>
    <message>
        <source>agentbar could not change whether it starts at login:
{0}</source>
        <translation>agentbar 无法更改是否在登录时启动：
{0}</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>System language</source>
        <translation>系统语言</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <source>Keep the bar above other windows</source>
        <translation>工具条始终置于其他窗口之上</translation>
    </message>
    <message>
        <source>Download folder</source>
        <translation>下载文件夹</translation>
    </message>
    <message>
        <source>Empty: the system&apos;s Downloads folder</source>
        <translation>留空：使用系统的“下载”文件夹</translation>
    </message>
    <message>
        <source>Start agentbar when I log in</source>
        <translation>登录系统时启动 agentbar</translation>
    </message>
    <message>
        <source>Not in the demo: a demo never registers itself to start at login. Run agentbar with your profile to turn this on.</source>
        <translation>演示模式下不可用：演示不会把自己设为登录时启动。请使用您的配置文件运行 agentbar 后再开启此项。</translation>
    </message>
    <message>
        <source>Shift-start check</source>
        <translation>上班前检查</translation>
    </message>
    <message>
        <source>Check…</source>
        <translation>检查…</translation>
    </message>
    <message>
        <source>Check the profile, the connections, the clock and the stored secrets</source>
        <translation>检查配置文件、各项连接、时钟和已保存的密钥</translation>
    </message>
    <message>
        <source>Save diagnostics…</source>
        <translation>保存诊断信息…</translation>
    </message>
    <message>
        <source>Save logs, the check&apos;s results and versions in a zip file for IT</source>
        <translation>将日志、检查结果和版本信息保存为 zip 文件，供 IT 人员排查</translation>
    </message>
</context>
<context>
    <name>SetupDialog</name>
    <message>
        <source>The agent ID is your work number: 3 to 6 digits.</source>
        <translation>座席 ID 即您的工号：3 到 6 位数字。</translation>
    </message>
    <message>
        <source>The phone number is 1 to 24 digits.</source>
        <translation>电话号码为 1 到 24 位数字。</translation>
    </message>
    <message>
        <source>Enter the agent password.</source>
        <translation>请输入座席密码。</translation>
    </message>
    <message>
        <source>Enter the gateway address, for example https://10.1.1.1:8043.</source>
        <translation>请输入网关地址，例如 https://10.1.1.1:8043。</translation>
    </message>
    <message>
        <source>The address must start with https:// (or http://).</source>
        <translation>地址必须以 https://（或 http://）开头。</translation>
    </message>
    <message>
        <source>The address has no host name or IP address.</source>
        <translation>地址中缺少主机名或 IP 地址。</translation>
    </message>
    <message>
        <source>The port must be a number from 1 to 65535.</source>
        <translation>端口必须是 1 到 65535 之间的数字。</translation>
    </message>
    <message>
        <source>Give only scheme, host and port; agentbar adds the path itself.</source>
        <translation>只需填写协议、主机和端口；agentbar 会自动添加路径。</translation>
    </message>
    <message>
        <source>The address must not contain a user name or password.</source>
        <translation>地址中不能包含用户名或密码。</translation>
    </message>
    <message>
        <source>This CA bundle file does not exist or cannot be read.</source>
        <translation>该 CA 证书文件不存在或无法读取。</translation>
    </message>
    <message>
        <source>Choose the CA bundle (PEM)</source>
        <translation>选择 CA 证书文件（PEM）</translation>
    </message>
    <message>
        <source>Certificates (*.pem *.crt *.cer)</source>
        <translation>证书 (*.pem *.crt *.cer)</translation>
    </message>
    <message>
        <source>All files (*)</source>
        <translation>所有文件 (*)</translation>
    </message>
    <message>
        <source>Set up agentbar</source>
        <translation>设置 agentbar</translation>
    </message>
    <message>
        <source>Enter the CC-Gateway your contact center gave you and your agent details. They are saved in your profile; the password goes to the system keyring only when you tick Remember.</source>
        <translation>请输入联络中心提供的 CC-Gateway 地址和您的座席信息。这些信息保存在配置文件中；仅当勾选“记住密码”时，密码才会存入系统密钥环。</translation>
    </message>
    <message>
        <source>Gateway address</source>
        <translation>网关地址</translation>
    </message>
    <message>
        <source>https://10.1.1.1:8043</source>
        <translation>https://10.1.1.1:8043</translation>
    </message>
    <message>
        <source>Agent ID</source>
        <translation>座席 ID</translation>
    </message>
    <message>
        <source>e.g. 101</source>
        <translation>例如 101</translation>
    </message>
    <message>
        <source>Phone number</source>
        <translation>电话号码</translation>
    </message>
    <message>
        <source>Softphone or phone number</source>
        <translation>软电话或话机号码</translation>
    </message>
    <message>
        <source>CA bundle</source>
        <translation>CA 证书</translation>
    </message>
    <message>
        <source>Empty: the system&apos;s certificates</source>
        <translation>留空：使用系统证书</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <source>Verify the gateway&apos;s certificate</source>
        <translation>校验网关证书</translation>
    </message>
    <message>
        <source>Remember the password in the system keyring</source>
        <translation>在系统密钥环中记住密码</translation>
    </message>
    <message>
        <source>Remember the password</source>
        <translation>记住密码</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>Browse for the CA bundle</source>
        <translation>浏览选择 CA 证书文件</translation>
    </message>
</context>
<context>
    <name>SignInSettings</name>
    <message>
        <source>The new password is stored when you press OK.</source>
        <translation>按“确定”时保存新密码。</translation>
    </message>
    <message>
        <source>The stored password is deleted when you press OK.</source>
        <translation>按“确定”时删除保存的密码。</translation>
    </message>
    <message>
        <source>The system keyring cannot be read: {0}</source>
        <translation>无法读取系统密钥环：{0}</translation>
    </message>
    <message>
        <source>Checking the system keyring…</source>
        <translation>正在检查系统密钥环…</translation>
    </message>
    <message>
        <source>A password is stored in the system keyring.</source>
        <translation>系统密钥环中已保存密码。</translation>
    </message>
    <message>
        <source>No password is stored: agentbar asks for it at each sign-in.</source>
        <translation>未保存密码：agentbar 会在每次签入时询问。</translation>
    </message>
    <message>
        <source>Gateway and sign-in</source>
        <translation>网关与签入</translation>
    </message>
    <message>
        <source>The demo signs in to its own simulator: its gateway cannot be changed. Run agentbar with your profile to change these.</source>
        <translation>演示模式签入到自带的模拟器：其网关不能更改。请使用您的配置文件运行 agentbar 以更改这些设置。</translation>
    </message>
    <message>
        <source>Gateway changes are saved in your profile and used when agentbar starts again.</source>
        <translation>网关更改保存在您的配置文件中，并在 agentbar 重新启动时使用。</translation>
    </message>
    <message>
        <source>Gateway address</source>
        <translation>网关地址</translation>
    </message>
    <message>
        <source>Agent ID</source>
        <translation>座席工号</translation>
    </message>
    <message>
        <source>Phone number</source>
        <translation>电话号码</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <source>Change password…</source>
        <translation>更改密码…</translation>
    </message>
    <message>
        <source>Forget stored password</source>
        <translation>删除保存的密码</translation>
    </message>
</context>
<context>
    <name>SkillsModel</name>
    <message>
        <source>Signed in</source>
        <translation>已签入</translation>
    </message>
    <message>
        <source>Not signed in</source>
        <translation>未签入</translation>
    </message>
    <message>
        <source>Skill</source>
        <translation>技能</translation>
    </message>
    <message>
        <source>ID</source>
        <translation>ID</translation>
    </message>
    <message>
        <source>Media type</source>
        <translation>媒体类型</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
</context>
<context>
    <name>SkillsView</name>
    <message>
        <source>Signed in to {0} of {1} skill queues</source>
        <translation>已签入 {0} / {1} 个技能队列</translation>
    </message>
    <message>
        <source>Sign in to chosen</source>
        <translation>签入所选技能</translation>
    </message>
    <message>
        <source>Sign in to the ticked skill queues only</source>
        <translation>仅签入勾选的技能队列</translation>
    </message>
    <message>
        <source>Sign in to all</source>
        <translation>签入全部技能</translation>
    </message>
    <message>
        <source>Sign in to every skill queue configured for you</source>
        <translation>签入为您配置的全部技能队列</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>Ask the gateway for the skill queues again</source>
        <translation>重新向网关查询技能队列</translation>
    </message>
    <message>
        <source>Skill queues</source>
        <translation>技能队列</translation>
    </message>
    <message>
        <source>Skill summary</source>
        <translation>技能概况</translation>
    </message>
</context>
<context>
    <name>StateText</name>
    <message>
        <source>Ready</source>
        <translation>示闲</translation>
    </message>
    <message>
        <source>Busy</source>
        <translation>示忙</translation>
    </message>
    <message>
        <source>Resting</source>
        <translation>休息中</translation>
    </message>
    <message>
        <source>Wrap-up</source>
        <translation>整理</translation>
    </message>
    <message>
        <source>In a call</source>
        <translation>通话中</translation>
    </message>
    <message>
        <source>Signed out</source>
        <translation>已签出</translation>
    </message>
    <message>
        <source>Unknown</source>
        <translation>未知</translation>
    </message>
    <message>
        <source>Signing out…</source>
        <translation>正在签出…</translation>
    </message>
    <message>
        <source>Signing in…</source>
        <translation>正在签入…</translation>
    </message>
    <message>
        <source>{0}…</source>
        <translation>正在切换到{0}…</translation>
    </message>
    <message>
        <source>Offline</source>
        <translation>离线</translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation>正在连接…</translation>
    </message>
    <message>
        <source>Connected</source>
        <translation>已连接</translation>
    </message>
    <message>
        <source>Reconnecting…</source>
        <translation>正在重连…</translation>
    </message>
    <message>
        <source>Connection lost</source>
        <translation>连接已丢失</translation>
    </message>
    <message>
        <source>Signed out by the server</source>
        <translation>已被服务器签出</translation>
    </message>
</context>
<context>
    <name>SuggestFaqDialog</name>
    <message>
        <source>Suggest a new FAQ</source>
        <translation>建议新增 FAQ</translation>
    </message>
    <message>
        <source>FAQ group</source>
        <translation>FAQ 分组</translation>
    </message>
    <message>
        <source>Question</source>
        <translation>问题</translation>
    </message>
    <message>
        <source>Similar questions, one per line</source>
        <translation>相似问题，每行一个</translation>
    </message>
    <message>
        <source>Answer</source>
        <translation>接听</translation>
    </message>
    <message>
        <source>Keywords, separated by commas</source>
        <translation>关键词，用逗号分隔</translation>
    </message>
    <message>
        <source>Send</source>
        <translation>发送</translation>
    </message>
    <message>
        <source>Group</source>
        <translation>分组</translation>
    </message>
    <message>
        <source>Similar questions
(one per line)</source>
        <translation>相似问题
（每行一个）</translation>
    </message>
    <message>
        <source>Keywords</source>
        <translation>关键词</translation>
    </message>
</context>
<context>
    <name>TranscriptModel</name>
    <message>
        <source>Agent</source>
        <translation>座席</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>Unknown</source>
        <translation>未知</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Speaker</source>
        <translation>说话人</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>文本</translation>
    </message>
</context>
<context>
    <name>TranscriptView</name>
    <message>
        <source>Transcript</source>
        <translation>转写文本</translation>
    </message>
    <message>
        <source>Select an inspected call to see its transcript.</source>
        <translation>选择一通已质检的通话以查看其转写文本。</translation>
    </message>
    <message>
        <source>This call has no transcript.</source>
        <translation>该通话没有转写文本。</translation>
    </message>
    <message>
        <source>Agent</source>
        <translation>座席</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>speed {0:.0f}</source>
        <translation>语速 {0:.0f}</translation>
    </message>
    <message>
        <source>silence {0:.0f} s</source>
        <translation>静音 {0:.0f} 秒</translation>
    </message>
    <message>
        <source>positive</source>
        <translation>正面情绪</translation>
    </message>
    <message>
        <source>negative</source>
        <translation>负面情绪</translation>
    </message>
</context>
<context>
    <name>TransferPanel</name>
    <message>
        <source>Agent</source>
        <translation>座席</translation>
    </message>
    <message>
        <source>Skill queue</source>
        <translation>技能队列</translation>
    </message>
    <message>
        <source>IVR</source>
        <translation>IVR</translation>
    </message>
    <message>
        <source>Access code</source>
        <translation>接入码</translation>
    </message>
    <message>
        <source>External number</source>
        <translation>外部号码</translation>
    </message>
    <message>
        <source>Blind transfer</source>
        <translation>释放转（直接转移）</translation>
    </message>
    <message>
        <source>Consult first</source>
        <translation>先咨询再转移</translation>
    </message>
    <message>
        <source>Transfer target type</source>
        <translation>转移目标类型</translation>
    </message>
    <message>
        <source>Transfer target</source>
        <translation>转移目标</translation>
    </message>
    <message>
        <source>Agent ID or number</source>
        <translation>座席工号或号码</translation>
    </message>
    <message>
        <source>Transfer mode</source>
        <translation>转移方式</translation>
    </message>
    <message>
        <source>Transfer call</source>
        <translation>转移通话</translation>
    </message>
    <message>
        <source>To</source>
        <translation>转给</translation>
    </message>
    <message>
        <source>Target</source>
        <translation>目标</translation>
    </message>
    <message>
        <source>Mode</source>
        <translation>方式</translation>
    </message>
</context>
<context>
    <name>TrayIcon</name>
    <message>
        <source>Show agentbar</source>
        <translation>显示 agentbar</translation>
    </message>
    <message>
        <source>Quit (signs out)</source>
        <translation>退出（并签出）</translation>
    </message>
    <message>
        <source>agentbar — {0}</source>
        <translation>agentbar — {0}</translation>
    </message>
</context>
<context>
    <name>self._parent</name>
    <message>
        <source>Diagnostics not saved</source>
        <translation>诊断信息未保存</translation>
    </message>
    <message>
        <source>Save diagnostics</source>
        <translation>保存诊断信息</translation>
    </message>
    <message>
        <source>Zip files (*.zip)</source>
        <translation>Zip 文件 (*.zip)</translation>
    </message>
</context>
</TS>
